/**
 * Engine policy that used to be repeated in rules: scope (test code, required imports), the
 * per-analysis memo, and engine passes named by metadata-only rules.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../engine/engine';
import { defaultConfig } from '../../engine/config';
import { defineTreeRule } from '../../engine/defineRule';
import { memoOf } from '../../engine/memo';
import type { Rule, RuleScope } from '../../engine/types';
import staleSuppression from '../../rules/threatlint/stale-suppression';
import { probeMeta } from '../support/probeRules';

/** A rule reporting the file's first character whenever its check is called. */
function probe(id: string, scope?: RuleScope): Rule {
  return defineTreeRule(probeMeta(id, scope ? { scope } : {}), ({ report }) => report({ range: { start: 0, end: 1 }, messageId: 'probe' }));
}

const goJwt = 'package auth\n\nimport jwt "github.com/golang-jwt/jwt/v5"\n\nvar _ = jwt.New\n';
const goTesting = 'package auth\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n';

describe('rule scope', () => {
  it('skips test code unless the scope says check, and requires imports by path, prefix or pattern', async () => {
    const engine = await Engine.create([
      probe('x/default'),
      probe('x/tests-too', { testCode: 'check' }),
      probe('x/jwt', { requiresImport: [/^github\.com\/golang-jwt\/jwt(\/v\d+)?$/] }),
      probe('x/jose', { requiresImport: ['jose'] }),
    ]);
    const ids = (path: string, text: string) =>
      engine
        .analyze({ path, text }, defaultConfig())
        .findings.map((f) => f.ruleId)
        .sort();
    assert.deepEqual(ids('/r/auth.go', goJwt), ['x/default', 'x/jwt', 'x/tests-too']);
    assert.deepEqual(ids('/r/auth_test.go', goJwt), ['x/tests-too']);
    assert.deepEqual(ids('/r/testdata/auth.go', goJwt), ['x/tests-too']);
    assert.deepEqual(ids('/r/helpers.go', goTesting), ['x/tests-too'], 'a Go file importing testing is test code');
    assert.deepEqual(ids('/r/a.ts', "import { jwtVerify } from 'jose/jwt/verify';\n"), ['x/default', 'x/jose', 'x/tests-too']);
    assert.deepEqual(ids('/r/a.ts', "const jose = require('jose-ish');\n"), ['x/default', 'x/tests-too']);
    assert.deepEqual(ids('/r/a.spec.ts', "import 'jose';\n"), ['x/tests-too']);
  });
});

describe('analysis memo', () => {
  it('is shared by the rules of one analysis, reachable from the tree, and fresh for the next', async () => {
    const key = Symbol('counter');
    let computed = 0;
    const seen: number[] = [];
    const counting = (id: string) =>
      defineTreeRule(probeMeta(id), ({ file, memo }) => {
        seen.push(memo(key, () => ++computed));
        seen.push(memoOf(file.tree)(key, () => -1));
      });
    const engine = await Engine.create([counting('x/a'), counting('x/b')]);
    engine.analyze({ path: '/r/a.go', text: 'package a\n' });
    engine.analyze({ path: '/r/b.go', text: 'package b\n' });
    assert.deepEqual(seen, [1, 1, 1, 1, 2, 2, 2, 2]);
  });
});

describe('engine passes', () => {
  it('report under the id of whichever rule names the pass, with its configured severity', async () => {
    const renamed: Rule = { meta: { ...staleSuppression.meta, id: 'x/unused-ignore' }, pass: 'stale-suppressions' };
    const engine = await Engine.create([renamed]);
    const text = 'package a\n\n// threatlint-ignore go/none -- fixed long ago\nvar a = 1\n';
    const findings = engine.analyze({ path: '/r/a.go', text }, { ...defaultConfig(), rules: { 'x/unused-ignore': 'error' } }).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, Boolean(f.fix)]),
      [['x/unused-ignore', 'error', true]],
    );
    assert.equal(engine.analyze({ path: '/r/a.go', text }, { ...defaultConfig(), rules: { 'x/unused-ignore': 'off' } }).findings.length, 0);
  });
});
