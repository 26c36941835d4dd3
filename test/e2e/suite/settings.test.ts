import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, openInEditor, waitForDiagnostics, waitForFinding } from './helpers';

const RULE = 'k8s/image-latest-tag';
const setRules = (rules: Record<string, string> | undefined) =>
  vscode.workspace.getConfiguration('threatlint').update('rules', rules, vscode.ConfigurationTarget.Global);

suite('Settings take effect without a reload', () => {
  teardown(() => setRules(undefined));

  test('a rule turned off in threatlint.rules disappears from an open file, and comes back when the setting is removed', async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    await waitForFinding(document.uri, RULE);
    await setRules({ [RULE]: 'off' });
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => codeOf(d) === RULE));
    await setRules(undefined);
    const back = await waitForFinding(document.uri, RULE);
    assert.strictEqual(back.severity, vscode.DiagnosticSeverity.Warning);
  });

  test("a severity override in threatlint.rules changes the severity of the open file's diagnostic", async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const before = await waitForFinding(document.uri, RULE);
    assert.strictEqual(before.severity, vscode.DiagnosticSeverity.Warning);
    await setRules({ [RULE]: 'error' });
    const [after] = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => codeOf(d) === RULE && d.severity === vscode.DiagnosticSeverity.Error));
    assert.strictEqual(codeOf(after), RULE);
    await setRules({ [RULE]: 'note' });
    await waitForDiagnostics(document.uri, (ds) => ds.some((d) => codeOf(d) === RULE && d.severity === vscode.DiagnosticSeverity.Information));
  });

  test("threatlint.enable false clears the open file's diagnostics; true brings them back", async () => {
    const document = await openInEditor('go', 'auth.go');
    await waitForFinding(document.uri, 'go/jwt-parse-unverified');
    const enable = (on: boolean | undefined) => vscode.workspace.getConfiguration('threatlint').update('enable', on, vscode.ConfigurationTarget.Global);
    try {
      await enable(false);
      await waitForDiagnostics(document.uri, (ds) => ds.length === 0);
    } finally {
      await enable(undefined);
    }
    await waitForFinding(document.uri, 'go/jwt-parse-unverified');
  });
});
