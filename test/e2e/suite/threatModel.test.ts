import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { OpenLocationArgs, ReportResult, TreeFinding } from '../../../protocol';

interface TreeSnapshot {
  label: string;
  count: number;
  rules: string[];
  findings: TreeFinding[];
}

/** Polls `read` every 100 ms until `done` holds (never a fixed sleep). */
async function poll<T>(read: () => Thenable<T> | T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('ThreatLint threat model: report view and findings tree', () => {
  test('"ThreatLint: Threat Model Report" opens a webview with the workspace report', async () => {
    const report = await vscode.commands.executeCommand<ReportResult>('threatlint.report');
    assert.ok(report, 'the command returns the report it rendered');
    const latest = report.threats.find((t) => t.ruleId === 'k8s/image-latest-tag');
    assert.strictEqual(latest?.status, 'Not Started');
    assert.strictEqual(latest?.category, 'Tampering');
    assert.ok(report.status['Mitigation Implemented'] > 0, 'checks that found nothing count as mitigated');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const isReport = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.label === report.title;
    await poll(tabs, (all) => all.some(isReport), 10_000).catch(() => {
      throw new Error(
        `no webview tab titled "${report.title}"; tabs: ${tabs()
          .map((t) => t.label)
          .join(', ')}`,
      );
    });
    // A location link carries the file and the scan's LSP position; running it puts the cursor there.
    const link = /href="command:threatlint\.openLocation\?([^"]+)"/.exec(report.html);
    assert.ok(link, 'the server-rendered page links locations');
    const [uri, position] = JSON.parse(decodeURIComponent(link[1])) as OpenLocationArgs;
    await vscode.commands.executeCommand('threatlint.openLocation', uri, position);
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), uri);
    assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [position.line, position.character]);
  });

  test('the Findings view lists the scan by STRIDE category and rule, with counts', async () => {
    await vscode.commands.executeCommand('threatlint.findings.focus');
    const snapshot = await poll(
      () => vscode.commands.executeCommand<TreeSnapshot[]>('threatlint.findings.snapshot'),
      (s) => Array.isArray(s) && s.some((c) => c.label === 'Tampering'),
    );
    const tampering = snapshot.find((c) => c.label === 'Tampering');
    assert.ok(tampering && tampering.count > 0);
    assert.ok(tampering.rules.includes('k8s/image-latest-tag'), JSON.stringify(snapshot));
    const elevation = snapshot.find((c) => c.label === 'Elevation of Privilege');
    assert.ok(elevation?.rules.includes('docker/user-root'), JSON.stringify(snapshot));
  });

  test('tree actions: suppress inserts a suppression comment above the finding; fix applies the quick fix', async () => {
    const snapshot = await vscode.commands.executeCommand<TreeSnapshot[]>('threatlint.findings.snapshot');
    const all = snapshot.flatMap((c) => c.findings);
    const latest = all.find((f) => f.ruleId === 'k8s/image-latest-tag');
    assert.ok(latest, JSON.stringify(all.map((f) => f.ruleId)));
    assert.ok(await vscode.commands.executeCommand<boolean>('threatlint.findings.suppress', { kind: 'finding', finding: latest }));
    const manifest = vscode.window.activeTextEditor?.document;
    assert.strictEqual(manifest?.uri.toString(), latest.uri);
    assert.match(manifest.lineAt(latest.range.start.line).text, /# threatlint-ignore k8s\/image-latest-tag -- /);
    await vscode.commands.executeCommand('workbench.action.files.revert');

    const fixable = all.find((f) => f.fixable);
    assert.ok(fixable, 'the e2e workspace has a fixable finding');
    const before = (await vscode.workspace.openTextDocument(vscode.Uri.parse(fixable.uri))).getText();
    assert.ok(await vscode.commands.executeCommand<boolean>('threatlint.findings.fix', { kind: 'finding', finding: fixable }));
    const after = vscode.window.activeTextEditor?.document;
    assert.notStrictEqual(after?.getText(), before, `${fixable.ruleId}'s fix changed ${fixable.uri}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('tree actions: a rule\'s "Open Rule Documentation" opens its bundled doc in the Markdown preview', async () => {
    const snapshot = await vscode.commands.executeCommand<TreeSnapshot[]>('threatlint.findings.snapshot');
    const findings = snapshot.flatMap((c) => c.findings).filter((f) => f.ruleId === 'k8s/image-latest-tag');
    assert.ok(findings.length > 0);
    assert.ok(
      await vscode.commands.executeCommand<boolean>('threatlint.findings.openDoc', {
        kind: 'rule',
        category: 'Tampering',
        ruleId: 'k8s/image-latest-tag',
        title: '',
        findings,
      }),
    );
    const isDoc = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.label.includes('image-latest-tag.md');
    await poll(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs),
      (all) => all.some(isDoc),
      10_000,
    );
    await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isDoc));
  });
});
