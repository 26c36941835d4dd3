import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyCodeAction, openInEditor, poll, quickFixesAt, waitForFinding } from './helpers';

const RULE = 'k8s/image-latest-tag';

function extensionPath(): string {
  const extension = vscode.extensions.getExtension('threatlint.threatlint');
  assert.ok(extension);
  return extension.extensionPath;
}

suite('Rule documentation, offline', () => {
  test("the diagnostic's codeDescription links the rule doc shipped inside the extension", async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const finding = await waitForFinding(document.uri, RULE);
    const code = finding.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, RULE);
    assert.strictEqual(code.target.scheme, 'file', 'a local file, not a web page');
    assert.strictEqual(path.relative(extensionPath(), code.target.fsPath), path.join('docs', 'rules', 'k8s', 'image-latest-tag.md'));
    assert.match(fs.readFileSync(code.target.fsPath, 'utf8'), /^# k8s\/image-latest-tag\n/);
  });

  test('hovering a finding shows what the rule is, how to fix it, and the doc link', async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const finding = await waitForFinding(document.uri, RULE);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, finding.range.start.translate(0, 2));
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    // The rule's title, from its generated doc: `**Title**` under the heading.
    const docFile = (finding.code as { target: vscode.Uri }).target.fsPath;
    const title = /^\*\*(.+)\*\*$/m.exec(fs.readFileSync(docFile, 'utf8'))?.[1];
    assert.ok(title && text.includes(`**${title}** (\`${RULE}\`)`), `the hover names the rule: ${text}`);
    assert.match(text, /\*\*Fix:\*\*/);
    const link = /\[Rule documentation\]\(([^)]+)\)/.exec(text);
    assert.ok(link, `the hover links the doc: ${text}`);
    assert.strictEqual(vscode.Uri.parse(link[1]).fsPath, (finding.code as { target: vscode.Uri }).target.fsPath);
    // Threat ids link their section of the threat-model page shipped next to the rule docs.
    const threat = /Threat model: \[(BS-\d\d)\]\(([^)]+)\)/.exec(text);
    assert.ok(threat, `the hover links the threat model: ${text}`);
    const page = vscode.Uri.parse(threat[2]);
    assert.strictEqual(page.scheme, 'file', 'a local file, not a web page');
    assert.strictEqual(path.relative(extensionPath(), page.fsPath), path.join('docs', 'threat-model.md'));
    assert.strictEqual(page.fragment, threat[1].toLowerCase());
    assert.ok(fs.readFileSync(page.fsPath, 'utf8').includes(`<a id="${page.fragment}"></a>`), `the page has the anchor #${page.fragment}`);
  });

  test('"Show documentation" opens the bundled doc in the Markdown preview', async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const finding = await waitForFinding(document.uri, RULE);
    const show = (await quickFixesAt(document, finding.range)).find((a) => a.title === `Show documentation for ${RULE}`);
    assert.ok(show?.command, 'the action runs a command');
    assert.deepStrictEqual([show.command.command, show.command.arguments], ['threatlint.showRuleDoc', [RULE]]);
    await applyCodeAction(show);
    const tab = await poll('the Markdown preview of image-latest-tag.md', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('image-latest-tag.md')),
    );
    assert.match((tab.input as vscode.TabInputWebview).viewType, /markdown\.preview/);
    await vscode.window.tabGroups.close(tab);
  });
});
