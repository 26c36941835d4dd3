import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, rangeOfText, waitForDiagnostics, workspaceUri } from './helpers';

suite('ThreatLint in a VS Code extension host', () => {
  test('a Kubernetes manifest gets k8s/image-latest-tag on the image, as a warning', async () => {
    const uri = workspaceUri('k8s', 'deployment.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'k8s/image-latest-tag'));
    const finding = diagnostics.find((d) => codeOf(d) === 'k8s/image-latest-tag');
    assert.ok(finding);
    assert.deepStrictEqual(finding.range, rangeOfText(document, 'nginx:latest'));
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual(diagnostics.map(codeOf), ['k8s/image-latest-tag'], 'the rest of the manifest is hardened');
  });

  test('a Dockerfile whose final stage has no USER gets docker/user-root on that FROM line, as an error', async () => {
    const uri = workspaceUri('docker', 'Dockerfile');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'docker/user-root'));
    const finding = diagnostics.find((d) => codeOf(d) === 'docker/user-root');
    assert.ok(finding);
    assert.deepStrictEqual(finding.range, rangeOfText(document, 'FROM alpine:3.20'));
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Error);
  });

  test('the extension is active', () => {
    assert.ok(vscode.extensions.getExtension('threatlint.threatlint')?.isActive);
  });
});
