import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanSummary } from '../../../protocol';
import { codeOf, poll, rangeTuple, waitForFinding, workspaceUri } from './helpers';

/** Files under test/e2e/workspace/scan/ that no test opens: only a workspace scan can report them. Each with its rule and flagged text. */
const NEVER_OPENED: [string[], string, string][] = [
  [['scan', 'docker-compose.yaml'], 'k8s/privileged-container', 'true'],
  [['scan', 'Dockerfile'], 'docker/image-latest-tag', 'ubuntu:latest'],
  [['scan', 'store.go'], 'go/sql-string-built', `"SELECT id, title FROM books WHERE title = '" + title + "'"`],
];

/** Where `text` is in a file on disk, as `[line, char, line, char]`, without opening the file in the editor. */
function rangeOnDisk(uri: vscode.Uri, text: string): [number, number, number, number] {
  const source = fs.readFileSync(uri.fsPath, 'utf8');
  const offset = source.indexOf(text);
  if (offset < 0) throw new Error(`"${text}" is not in ${uri.fsPath}`);
  const at = (o: number): [number, number] => {
    const before = source.slice(0, o).split('\n');
    return [before.length - 1, before[before.length - 1].length];
  };
  return [...at(offset), ...at(offset + text.length)];
}

const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

suite('ThreatLint: Scan Workspace', () => {
  suiteTeardown(() => vscode.commands.executeCommand('threatlint.clearResults'));

  test('the command reports files never opened, with their rule codes and ranges, and counts them', async () => {
    for (const [segments] of NEVER_OPENED) {
      const uri = workspaceUri(...segments);
      assert.ok(!isOpen(uri), `${segments.join('/')} is not open`);
      assert.deepStrictEqual(vscode.languages.getDiagnostics(uri), [], `${segments.join('/')} has no diagnostics before the scan`);
    }
    // The palette entry "ThreatLint: Scan Workspace" is this command.
    const contributed = (vscode.extensions.getExtension('threatlint.threatlint')?.packageJSON.contributes.commands ?? []) as {
      command: string;
      title: string;
      category: string;
    }[];
    const entry = contributed.find((c) => c.command === 'threatlint.scanWorkspace');
    assert.strictEqual(entry && `${entry.category}: ${entry.title}`, 'ThreatLint: Scan Workspace');
    assert.ok((await vscode.commands.getCommands(true)).includes('threatlint.scanWorkspace'), 'the command is registered');
    const summary = await vscode.commands.executeCommand<ScanSummary>('threatlint.scanWorkspace');
    assert.ok(summary, 'the command returns the scan summary');
    assert.strictEqual(summary.cancelled, false);
    assert.strictEqual(summary.files, 10, 'every analysable file of test/e2e/workspace');
    for (const [segments, code, text] of NEVER_OPENED) {
      const uri = workspaceUri(...segments);
      const finding = await waitForFinding(uri, code);
      assert.deepStrictEqual(rangeTuple(finding.range), rangeOnDisk(uri, text), `${segments.join('/')}: ${code} range`);
      assert.ok(!isOpen(uri), `${segments.join('/')} was reported without being opened`);
    }
    for (const clean of [
      ['clean', 'web.yaml'],
      ['clean', 'Dockerfile'],
    ]) {
      assert.deepStrictEqual(vscode.languages.getDiagnostics(workspaceUri(...clean)).map(codeOf), [], `${clean.join('/')} stays clean`);
    }
  });

  test('a running scan is cancelled by "ThreatLint: Cancel Scan", and its summary says so', async () => {
    // Enough files that the scan is still running when the cancellation arrives.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-cancel-'));
    const total = 3000;
    const manifest = fs.readFileSync(workspaceUri('scan', 'docker-compose.yaml').fsPath, 'utf8');
    for (let i = 0; i < total; i++) fs.writeFileSync(path.join(dir, `compose-${i}.yaml`), manifest);
    try {
      const pending = Promise.resolve(vscode.commands.executeCommand<ScanSummary>('threatlint.scanFolder', vscode.Uri.file(dir)));
      // Cancel once the server is publishing results for the folder, i.e. in the middle of the scan.
      const prefix = vscode.Uri.file(dir).toString() + '/';
      await poll(
        "the scan's first results",
        () => vscode.languages.getDiagnostics().some(([uri, ds]) => uri.toString().startsWith(prefix) && ds.length > 0),
        20_000,
        10,
      );
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('threatlint.cancelScan'), true, 'a scan was running');
      const summary = await pending;
      assert.ok(summary, 'the scan answered after its cancellation');
      assert.strictEqual(summary.cancelled, true);
      assert.ok(summary.analysed > 0 && summary.analysed < total, `stopped in the middle: ${summary.analysed} of ${total} files analysed`);
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('threatlint.cancelScan'), false, 'nothing left to cancel');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
