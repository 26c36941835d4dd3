/**
 * One policy for every code rule (go/*, ts/*), applied by the engine: test code judged on the
 * path relative to the project root, generated code, peers' inline suppressions, and one finding
 * per cause (`supersedes`).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../engine/engine';
import { defaultConfig } from '../../engine/config';
import { defineTreeRule } from '../../engine/defineRule';
import { LineIndex } from '../../engine/lineIndex';
import { findPeerSuppressions, GOSEC_RULES } from '../../engine/peerSuppressions';
import { isGoGenerated, isGoTestPath, isTsGenerated, isTsTestPath } from '../../engine/scope';
import type { Rule, RuleMeta, RuleScope } from '../../engine/types';
import { allRules } from '../../rules';
import { formatSarif } from '../../output/sarif';
import { testEngine } from '../support/engine';

function meta(id: string, extra: Partial<RuleMeta> = {}): RuleMeta<'probe'> {
  return {
    id,
    title: id,
    description: id,
    messages: { probe: id },
    severity: 'warning',
    cwe: [],
    stride: [],
    threat: { ids: [], summary: id },
    remediation: id,
    fixable: false,
    languages: ['go', 'typescript'],
    ...extra,
  };
}

/** A rule reporting the file's first character whenever its check is called. */
function probe(id: string, scope?: RuleScope): Rule {
  return defineTreeRule(meta(id, scope ? { scope } : {}), ({ report }) => report({ range: { start: 0, end: 1 }, messageId: 'probe' }));
}

const goTls = 'package probes\n\nimport "crypto/tls"\n\nvar c = &tls.Config{InsecureSkipVerify: true}\n';
const tsDecode =
  "import jwt from 'jsonwebtoken';\nexport function isAdmin(t: string) {\n  const claims = jwt.decode(t) as { admin?: boolean } | null;\n  return claims?.admin === true;\n}\n";

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const ruleIds = (input: { path: string; text: string; root?: string }) =>
  engine
    .analyze(input, defaultConfig())
    .findings.filter((f) => !f.suppression)
    .map((f) => f.ruleId);

describe('test code, judged on the path relative to the root', () => {
  it('any test, e2e, fixtures, mocks … folder of the project is test code, in Go and TS/JS alike', () => {
    for (const rel of ['internal/testing/testdb/db.go', 'backend/test/db.go', 'internal/e2e/server.go', 'pkg/testinstance/postgres.go', 'api/mocks/db.go']) {
      assert.deepEqual(ruleIds({ path: `/p/${rel}`, text: goTls, root: '/p' }), [], rel);
      assert.ok(isGoTestPath(`/p/${rel}`, rel), rel);
    }
    for (const rel of [
      'src/test/e2e/helpers/test-helper.ts',
      'server/tests/helpers/authHelpers.js',
      'packages/dashboard/tests/server/helpers.ts',
      'src/fixtures/a.ts',
    ]) {
      assert.deepEqual(ruleIds({ path: `/p/${rel}`, text: tsDecode, root: '/p' }), [], rel);
      assert.ok(isTsTestPath(`/p/${rel}`, rel), rel);
    }
  });

  it('production code stays checked, also when the project sits below a folder named test', () => {
    assert.deepEqual(ruleIds({ path: '/home/test/proj/internal/probe/tls.go', text: goTls, root: '/home/test/proj' }), ['go/tls-insecure-skip-verify']);
    assert.deepEqual(ruleIds({ path: '/ci/tests/proj/src/auth.ts', text: tsDecode, root: '/ci/tests/proj' }), ['ts/jwt-decode-unverified']);
    // Names that merely contain "test" are not test folders in TS/JS (Go's test* package dirs are).
    assert.deepEqual(ruleIds({ path: '/p/src/contest/auth.ts', text: tsDecode, root: '/p' }), ['ts/jwt-decode-unverified']);
    assert.deepEqual(ruleIds({ path: '/p/internal/latest/tls.go', text: goTls, root: '/p' }), ['go/tls-insecure-skip-verify']);
  });

  it('without a root (or outside it) only the file name and its own folder count, as before', () => {
    assert.deepEqual(ruleIds({ path: '/p/src/test/e2e/helpers/h.ts', text: tsDecode }), ['ts/jwt-decode-unverified']);
    assert.deepEqual(ruleIds({ path: '/p/src/test/h.ts', text: tsDecode }), []);
    assert.deepEqual(ruleIds({ path: '/p/internal/testing/db.go', text: goTls }), ['go/tls-insecure-skip-verify']);
    assert.deepEqual(ruleIds({ path: '/elsewhere/e2e/db.go', text: goTls, root: '/p' }), ['go/tls-insecure-skip-verify']);
    assert.deepEqual(ruleIds({ path: '/p/auth_test.go', text: goTls, root: '/p' }), []);
  });

  it("ThreatLint's own fixtures, analysed without a root, are still checked", () => {
    assert.deepEqual(ruleIds({ path: '/repo/test/fixtures/go/tls/positive.go', text: goTls }), ['go/tls-insecure-skip-verify']);
  });

  it("a rule's scope can still ask for test code", async () => {
    const probing = await Engine.create([probe('x/default'), probe('x/tests-too', { testCode: 'check' })]);
    const ids = probing.analyze({ path: '/p/e2e/a.ts', text: 'export {};\n', root: '/p' }, defaultConfig()).findings.map((f) => f.ruleId);
    assert.deepEqual(ids, ['x/tests-too']);
  });
});

describe('generated code', () => {
  it('Go: the standard line before the package clause', () => {
    assert.ok(isGoGenerated('// Code generated by protoc-gen-go. DO NOT EDIT.\n// source: a.proto\n\npackage a\n'));
    assert.ok(
      isGoGenerated('//go:build linux\n\n// Code generated by sqlboiler 4.14.0 (https://github.com/volatiletech/sqlboiler). DO NOT EDIT.\n\npackage models\n'),
    );
    assert.ok(!isGoGenerated('package a\n\n// Code generated by hand. DO NOT EDIT.\n'), 'after the package clause it is an ordinary comment');
    assert.ok(!isGoGenerated('// Code generated by x. Please edit freely.\npackage a\n'));
    assert.deepEqual(ruleIds({ path: '/p/models/x.go', text: `// Code generated by x. DO NOT EDIT.\n\n${goTls}` }), []);
  });

  it('TS/JS: @generated or "auto-generated … do not edit" in the first comment', () => {
    assert.ok(isTsGenerated('/* @generated */\nexport {};\n'));
    assert.ok(isTsGenerated('#!/usr/bin/env node\n// This file is auto-generated.\n// Do not edit manually.\nexport {};\n'));
    assert.ok(isTsGenerated('/* eslint-disable */\n/**\n * Code generated by openapi-generator. Do not modify.\n */\n'));
    assert.ok(!isTsGenerated("import x from 'y';\n// @generated\n"), 'a comment after code is not the header');
    assert.ok(!isTsGenerated('// Generates tokens; edit the TTL below.\nexport {};\n'));
    assert.deepEqual(ruleIds({ path: '/p/src/client.ts', text: `// @generated by relay-compiler\n${tsDecode}` }), []);
  });

  it("a rule's scope can ask for generated code", async () => {
    const probing = await Engine.create([probe('x/default'), probe('x/generated-too', { generatedCode: 'check' })]);
    const ids = probing.analyze({ path: '/p/a.go', text: '// Code generated by x. DO NOT EDIT.\npackage a\n' }, defaultConfig()).findings.map((f) => f.ruleId);
    assert.deepEqual(ids, ['x/generated-too']);
  });
});

describe("peers' inline suppressions", () => {
  const peers = (text: string, go = true) => findPeerSuppressions(text, new LineIndex(text), { go });

  it('reads nolint, #nosec and nosemgrep with their reasons and placement', () => {
    const text = [
      'a() //nolint:gosec // checked by hand',
      'b() //nolint:errcheck,gosec',
      '//nolint',
      'c()',
      'd() // #nosec G402 G101 -- localhost only',
      'e() /* #nosec */',
      'f() // nosemgrep: go.lang.security.audit.crypto.missing-ssl-minversion',
      'g() //nolint:errcheck',
      'h() // nolint:gosec',
    ].join('\n');
    const found = peers(text).map((p) => [p.tool, p.targetLine, p.reason]);
    assert.deepEqual(found, [
      ['nolint', 0, 'checked by hand'],
      ['nolint', 1, 'nolint:errcheck,gosec'],
      ['nolint', 3, 'nolint'],
      ['nosec', 4, 'localhost only'],
      ['nosec', 5, '#nosec'],
      ['nosemgrep', 6, 'nosemgrep: go.lang.security.audit.crypto.missing-ssl-minversion'],
    ]);
    assert.equal(peers('x() //nolint:gosec', false).length, 0, 'golangci-lint and gosec are Go tools');
  });

  it('#nosec with gosec ids suppresses only the rules mapped to them; unknown ids nothing', () => {
    const [g402] = peers('x() // #nosec G402');
    assert.ok(g402.covers('go/tls-insecure-skip-verify') && !g402.covers('go/sql-string-built'));
    const [g104] = peers('x() // #nosec G104');
    assert.ok(!g104.covers('go/tls-insecure-skip-verify'));
    const [unknown] = peers('x() // #nosec G999');
    assert.ok(!unknown.covers('go/tls-insecure-skip-verify'));
    const [bare] = peers('x() // #nosec');
    assert.ok(bare.covers('go/sql-string-built') && !bare.covers('k8s/run-as-root'));
    for (const ids of Object.values(GOSEC_RULES))
      for (const id of ids)
        assert.ok(
          allRules.some((r) => r.meta.id === id),
          id,
        );
  });

  it('mark findings suppressed (SARIF suppressions), without stale reports, for code rules only', () => {
    const text = goTls.replace('true}\n', 'true} //nolint:gosec // lab appliance\n') + '\n//nolint:gosec // nothing here\nvar d = 1\n';
    const result = engine.analyze({ path: '/p/tls.go', text }, defaultConfig());
    const tls = result.findings.find((f) => f.ruleId === 'go/tls-insecure-skip-verify');
    assert.deepEqual(tls?.suppression && { kind: tls.suppression.kind, reason: tls.suppression.reason }, { kind: 'inSource', reason: 'lab appliance' });
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId.startsWith('threatlint/')),
      [],
      'a peer comment is never a stale suppression',
    );
    const sarif = JSON.parse(
      formatSarif({ files: [{ file: '/p/tls.go', relativePath: 'tls.go', text, result }], skipped: [] }, { rules: allRules, version: '0', baseDir: '/p' }),
    );
    assert.deepEqual(sarif.runs[0].results[0].suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'lab appliance' }]);
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest # nosemgrep\n';
    const pod = engine.analyze({ path: '/p/pod.yaml', text: yaml }, defaultConfig());
    assert.ok(
      pod.findings.some((f) => f.ruleId === 'k8s/image-latest-tag' && !f.suppression),
      'not for k8s/docker rules',
    );
  });

  it('golangci-lint and gosec comments above a statement or declaration cover all of it; nosemgrep only the next line', () => {
    const text = [
      'package probes',
      'import "crypto/tls"',
      '//nolint:gosec // lab appliances only',
      'func lab() *tls.Config {',
      '\treturn &tls.Config{',
      '\t\tInsecureSkipVerify: true,',
      '\t}',
      '}',
      'func ldap() *tls.Config {',
      '\t// #nosec G402',
      '\tc := &tls.Config{',
      '\t\tInsecureSkipVerify: true,',
      '\t}',
      '\treturn c',
      '}',
      'func other() *tls.Config {',
      '\t// nosemgrep',
      '\tc := &tls.Config{',
      '\t\tInsecureSkipVerify: true,',
      '\t}',
      '\treturn c',
      '}',
      '',
    ].join('\n');
    const lines = new LineIndex(text);
    const found = engine
      .analyze({ path: '/p/probes.go', text }, defaultConfig())
      .findings.filter((f) => f.ruleId === 'go/tls-insecure-skip-verify')
      .map((f) => [lines.positionAt(f.range.start).line + 1, f.suppression?.reason]);
    assert.deepEqual(found, [
      [6, 'lab appliances only'],
      [12, '#nosec G402'],
      [19, undefined],
    ]);
  });

  it('threatlint-ignore keeps its own reason when both are present', () => {
    const text = goTls.replace('true}\n', 'true} // threatlint-ignore go/tls-insecure-skip-verify -- ours //nolint:gosec\n');
    const tls = engine.analyze({ path: '/p/tls.go', text }, defaultConfig()).findings.find((f) => f.ruleId === 'go/tls-insecure-skip-verify');
    assert.equal(tls?.suppression?.reason, 'ours //nolint:gosec');
  });
});

describe('one finding per cause', () => {
  it('go/jwt-parse-unverified supersedes go/jwt-no-expiry on an unverified parse WithoutClaimsValidation', () => {
    const text = [
      'package oidc',
      'import "github.com/golang-jwt/jwt/v5"',
      'func f(value string) error {',
      '\t_, _, err := jwt.NewParser(jwt.WithoutClaimsValidation()).ParseUnverified(value, &jwt.RegisteredClaims{})',
      '\treturn err',
      '}',
      'func g(value string, key jwt.Keyfunc) error {',
      '\t_, err := jwt.NewParser(jwt.WithoutClaimsValidation()).Parse(value, key)',
      '\treturn err',
      '}',
      '',
    ].join('\n');
    const lines = new LineIndex(text);
    const found = engine
      .analyze({ path: '/p/util.go', text }, defaultConfig())
      .findings.filter((f) => f.ruleId.startsWith('go/jwt-parse') || f.ruleId === 'go/jwt-no-expiry')
      .map((f) => `${f.ruleId}@${lines.positionAt(f.range.start).line + 1}`);
    assert.deepEqual(found, ['go/jwt-parse-unverified@4', 'go/jwt-no-expiry@8']);
  });

  it('the engine applies any declared supersedes on the same line only', async () => {
    const at = (id: string, offset: number, extra: Partial<RuleMeta> = {}) =>
      defineTreeRule(meta(id, extra), ({ report }) => report({ range: { start: offset, end: offset + 1 }, messageId: 'probe' }));
    const probing = await Engine.create([at('x/general', 0), at('x/specific', 2, { supersedes: ['x/general'] }), at('x/elsewhere', 12)]);
    const ids = (text: string) =>
      probing
        .analyze({ path: '/p/a.go', text }, defaultConfig())
        .findings.map((f) => f.ruleId)
        .sort();
    assert.deepEqual(ids('package a\n\nvar x = 1\n'), ['x/elsewhere', 'x/specific']);
    assert.deepEqual(ids('p\nackage a\n\nvar x = 1\n'), ['x/elsewhere', 'x/general', 'x/specific']);
  });
});
