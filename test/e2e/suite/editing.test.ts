import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  applyCodeAction,
  codeOf,
  openInEditor,
  quickFixesAt,
  rangeOfText,
  rangeTuple,
  replaceInEditor,
  revertAndClose,
  waitForDiagnostics,
  waitForFinding,
} from './helpers';

/** Expected texts live beside the suite's sources (test/e2e/expected), outside the workspace the scan walks. */
const expected = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'expected', name), 'utf8');
const codes = (ds: vscode.Diagnostic[]) => ds.map(codeOf);

suite('Editing: unsaved buffers, quick fixes, suppressions', () => {
  test('typing into an unsaved buffer: a new finding appears, the fixed one disappears', async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const editor = vscode.window.activeTextEditor!;
    await waitForFinding(document.uri, 'k8s/image-latest-tag');
    try {
      await replaceInEditor(editor, 'nginx:latest', 'nginx:1.27.3');
      await replaceInEditor(editor, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');
      assert.ok(document.isDirty, 'the buffer is unsaved');
      const after = await waitForDiagnostics(
        document.uri,
        (ds) => codes(ds).includes('k8s/allow-privilege-escalation') && !codes(ds).includes('k8s/image-latest-tag'),
      );
      assert.deepStrictEqual(codes(after), ['k8s/allow-privilege-escalation']);
      assert.strictEqual(after[0].range.start.line, rangeOfText(document, 'allowPrivilegeEscalation: true').start.line);
      assert.strictEqual(fs.readFileSync(document.uri.fsPath, 'utf8').includes('nginx:latest'), true, 'nothing was written to disk');
    } finally {
      await revertAndClose(document);
    }
  });

  test('quick fix: listed at the diagnostic, applied, and the text is the expected one', async () => {
    const document = await openInEditor('k8s', 'privileged.yaml');
    try {
      const finding = await waitForFinding(document.uri, 'k8s/privileged-container');
      const actions = await quickFixesAt(document, finding.range);
      assert.deepStrictEqual(
        actions.map((a) => a.title),
        ['Set privileged: false', 'Suppress k8s/privileged-container on this line (with a reason)', 'Show documentation for k8s/privileged-container'],
      );
      const fix = actions[0];
      assert.strictEqual(fix.isPreferred, true, 'the fix is the preferred action (Auto Fix / Ctrl+. first item)');
      assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      await applyCodeAction(fix);
      assert.strictEqual(document.getText(), expected('privileged.fixed.yaml'));
      const after = await waitForDiagnostics(document.uri, (ds) => !codes(ds).includes('k8s/privileged-container'));
      assert.deepStrictEqual(codes(after), [], 'the fixed manifest is clean');
    } finally {
      await revertAndClose(document);
    }
  });

  test('"suppress with a reason": the finding goes; a placeholder reason is flagged until a real one is written', async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const editor = vscode.window.activeTextEditor!;
    try {
      const finding = await waitForFinding(document.uri, 'k8s/image-latest-tag');
      const suppress = (await quickFixesAt(document, finding.range)).find((a) => a.title.startsWith('Suppress k8s/image-latest-tag'));
      assert.ok(suppress, 'a suppress action is offered');
      await applyCodeAction(suppress);
      const imageLine = rangeOfText(document, 'image: nginx:latest').start.line;
      assert.strictEqual(
        document.lineAt(imageLine - 1).text,
        '          # threatlint-ignore k8s/image-latest-tag -- TODO: why this is safe',
        'inserted above, indented like the finding',
      );
      const flagged = await waitForDiagnostics(
        document.uri,
        (ds) => !codes(ds).includes('k8s/image-latest-tag') && codes(ds).includes('threatlint/suppression-reason'),
      );
      assert.deepStrictEqual(codes(flagged), ['threatlint/suppression-reason']);
      assert.deepStrictEqual(rangeTuple(flagged[0].range), rangeTuple(rangeOfText(document, 'threatlint-ignore')));
      await replaceInEditor(editor, 'TODO: why this is safe', 'pinned by the release pipeline');
      const suppressed = await waitForDiagnostics(document.uri, (ds) => ds.length === 0);
      assert.deepStrictEqual(codes(suppressed), []);
    } finally {
      await revertAndClose(document);
    }
  });
});
