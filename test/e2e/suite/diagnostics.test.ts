import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, openInEditor, rangeOfText, rangeTuple, waitForDiagnostics, waitForFinding } from './helpers';

suite('ThreatLint in a VS Code extension host', () => {
  test('a Kubernetes manifest gets k8s/image-latest-tag on the image, as a warning', async () => {
    const document = await openInEditor('k8s', 'deployment.yaml');
    const finding = await waitForFinding(document.uri, 'k8s/image-latest-tag');
    assert.deepStrictEqual(rangeTuple(finding.range), rangeTuple(rangeOfText(document, 'nginx:latest', 'image:')), 'the range is the image scalar');
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Warning);
    const all = await waitForDiagnostics(document.uri, () => true);
    assert.deepStrictEqual(all.map(codeOf), ['k8s/image-latest-tag'], 'the rest of the manifest is hardened');
  });

  test('Go: jwt ParseUnverified gets go/jwt-parse-unverified on the method name, as an error', async () => {
    const document = await openInEditor('go', 'auth.go');
    assert.strictEqual(document.languageId, 'go');
    const finding = await waitForFinding(document.uri, 'go/jwt-parse-unverified');
    assert.deepStrictEqual(
      rangeTuple(finding.range),
      rangeTuple(rangeOfText(document, 'ParseUnverified', 'new(jwt.Parser).')),
      'the range is the ParseUnverified identifier',
    );
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Error);
  });

  test('TypeScript: a literal jsonwebtoken secret gets ts/jwt-hardcoded-secret on the literal, as an error', async () => {
    const document = await openInEditor('ts', 'auth.ts');
    const finding = await waitForFinding(document.uri, 'ts/jwt-hardcoded-secret');
    assert.deepStrictEqual(rangeTuple(finding.range), rangeTuple(rangeOfText(document, "'super-secret-signing-key'")), 'the range is the string literal');
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Error);
  });

  test('a Dockerfile whose final stage has no USER gets docker/user-root on that FROM line, as an error', async () => {
    const document = await openInEditor('docker', 'Dockerfile');
    const finding = await waitForFinding(document.uri, 'docker/user-root');
    assert.deepStrictEqual(rangeTuple(finding.range), rangeTuple(rangeOfText(document, 'FROM alpine:3.20')));
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Error);
  });

  test('the extension is active', () => {
    const extension = vscode.extensions.getExtension('threatlint.threatlint');
    assert.ok(extension, 'threatlint.threatlint is loaded from the extension development path');
    assert.ok(extension.isActive);
  });
});
