/** The engine on bad input: never throws, says what it skipped, still finds what it can. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../engine/engine';
import { testEngine } from '../support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

describe('engine robustness', () => {
  it('reports a YAML syntax error as a notice and still checks the documents that parsed', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: b',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: nginx:latest',
    ].join('\n');
    const result = engine.analyze({ path: 'broken.yaml', text });
    assert.equal(result.language, 'kubernetes');
    assert.ok(result.notices.some((n) => /YAML syntax error/.test(n.message)));
    assert.ok(result.findings.some((f) => f.ruleId === 'k8s/image-latest-tag'));
  });

  it('quotes a Helm action as {{…}} in messages, never the parser placeholder (bitnami/charts cilium)', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'spec:',
      '  template:',
      '    spec:',
      '      volumes:',
      '        - name: cni',
      '          hostPath:',
      '            path: {{ template "cilium.agent.hostCNIBinDir" . }}',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          image: cilium:1.16',
      '          securityContext:',
      '            privileged: true',
    ].join('\n');
    const messages = engine.analyze({ path: 'daemonset.yaml', text }).findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('hostPath {{…}}')));
    assert.ok(messages.some((m) => m.includes('Container "{{…}}"')));
    assert.ok(messages.every((m) => !m.includes('$_')));
  });

  it('analyses half-typed Go and TypeScript without throwing', () => {
    const go =
      'package auth\n\nimport "github.com/golang-jwt/jwt/v5"\n\nfunc Parse(s string) {\n\tt, _, err := new(jwt.Parser).ParseUnverified(s, jwt.MapClaims{}\n';
    const goResult = engine.analyze({ path: 'auth.go', text: go });
    assert.equal(goResult.language, 'go');
    assert.deepEqual(goResult.notices, []);
    const ts = "import jwt from 'jsonwebtoken';\nexport function login(u) {\n  return jwt.sign({ sub: u.id }, 'abc";
    assert.equal(engine.analyze({ path: 'auth.ts', text: ts }).language, 'typescript');
  });

  it('handles empty files, binary files, huge files and minified lines', () => {
    for (const path of ['empty.yaml', 'Dockerfile', 'empty.go', 'empty.ts']) {
      const result = engine.analyze({ path, text: '' });
      assert.deepEqual(result.findings, [], path);
    }
    const binary = engine.analyze({ path: 'image.ts', text: 'GIF89a\u0000\u0001\u0002' });
    assert.match(binary.notices[0].message, /binary/);
    const huge = engine.analyze({ path: 'big.go', text: 'x'.repeat(2_000_000) });
    assert.match(huge.notices[0].message, /over the limit/);
    const minified = engine.analyze({ path: 'bundle.js', text: 'var a=1;'.repeat(5000) });
    assert.match(minified.notices[0].message, /minified/);
  });

  it('ignores YAML that is neither Kubernetes nor Compose', () => {
    const workflow = 'name: ci\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container:\n      image: node:latest\n';
    const result = engine.analyze({ path: '.github/workflows/ci.yaml', text: workflow });
    assert.equal(result.language, undefined);
    assert.deepEqual(result.findings, []);
  });

  it('keeps suppressed findings, marked with their reason', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      # threatlint-ignore k8s/image-latest-tag -- debug pod\n      image: busybox\n';
    const result = engine.analyze({ path: 'pod.yaml', text });
    const finding = result.findings.find((f) => f.ruleId === 'k8s/image-latest-tag');
    assert.equal(finding?.suppression?.reason, 'debug pod');
  });

  it('applies severity overrides and turns rules off', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: busybox\n';
    const raised = engine.analyze({ path: 'p.yaml', text }, { rules: { 'k8s/image-latest-tag': 'error' }, ignore: [], maxFileSize: 1e6, settings: {} });
    assert.equal(raised.findings.find((f) => f.ruleId === 'k8s/image-latest-tag')?.severity, 'error');
    const off = engine.analyze({ path: 'p.yaml', text }, { rules: { 'k8s/image-latest-tag': 'off' }, ignore: [], maxFileSize: 1e6, settings: {} });
    assert.equal(off.findings.filter((f) => f.ruleId === 'k8s/image-latest-tag').length, 0);
  });
});

describe('fix checks on demand (the language server, when code actions are asked for)', () => {
  let engine: Engine;
  before(async () => {
    engine = await testEngine();
  });

  it('analyze({ checkFixes: false }) keeps the fixes; fixBreaksSyntax tells a breaking fix from a clean one', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
    const lazy = engine.analyze({ path: 'pod.yaml', text }, undefined, { checkFixes: false });
    assert.ok(lazy.findings.some((f) => f.ruleId === 'k8s/privileged-container' && f.fix));
    const yamlFixBreaks = engine.fixBreaksSyntax({ path: 'pod.yaml', text });
    assert.equal(yamlFixBreaks(text.replace('privileged: true', 'privileged: false')), false);
    assert.equal(yamlFixBreaks(text.replace('privileged: true', 'privileged: [false')), true);
    const go = 'package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n';
    const goFixBreaks = engine.fixBreaksSyntax({ path: 'main.go', text: go });
    assert.equal(goFixBreaks(go.replace('x := 1', 'x := 2')), false);
    assert.equal(goFixBreaks(go.replace('x := 1', 'x := (2')), true);
  });
});
