/**
 * The generic rule tester: runs every registered rule over its fixtures and checks
 * the inline `ruleid:`/`ok:`/`todoruleid:` expectations (message id, severity, exact range)
 * and the text after each fix.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import type { Engine } from '../../engine/engine';
import type { Finding } from '../../engine/types';
import { applyEdits } from '../../engine/fixes';
import { LineIndex } from '../../engine/lineIndex';
import { familyOf, grammarOf } from '../../engine/languages';
import { loadTreeSitter, type TreeSitterParsers } from '../../engine/parsers/treeSitter';
import { parseExpectations } from '../support/annotations';
import { testEngine } from '../support/engine';
import { FIXTURES_ROOT, fixtureConfig, ruleFixtures } from '../support/fixtures';

let engine: Engine;
let trees: TreeSitterParsers;
before(async () => {
  engine = await testEngine();
  trees = await loadTreeSitter();
});

/** `todoruleid:` annotations met: known misses, printed so they are not forgotten. */
const todos: string[] = [];
after(() => {
  console.log(`todoruleid: ${todos.length} known miss${todos.length === 1 ? '' : 'es'} in the fixtures${todos.length ? `: ${todos.join(', ')}` : ''}`);
});

/** Whether tree-sitter finds syntax errors in Go/TS/JS text (YAML and Dockerfile errors surface as notices). */
function hasSyntaxError(file: string, text: string): boolean {
  const family = familyOf(file);
  if (family !== 'go' && family !== 'typescript') return false;
  const tree = trees.parse(grammarOf(file, family), text);
  const error = tree.rootNode.hasError;
  tree.delete();
  return error;
}

for (const rule of allRules) {
  const id = rule.meta.id;
  const fixtures = ruleFixtures(id);
  const config = fixtureConfig(fixtures.dir);
  describe(id, () => {
    for (const file of [...fixtures.positives, ...fixtures.negatives]) {
      const name = path.relative(fixtures.dir, file);
      it(`${name}: findings match the inline expectations`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const result = engine.analyze({ path: file, text }, config);
        assert.deepEqual(result.notices, [], 'fixtures parse without notices');
        const lines = new LineIndex(text);
        const findings = result.findings.filter((f) => f.ruleId === id && !f.suppression);
        const expectations = parseExpectations(text).filter((e) => e.ruleId === id);
        const isNegative = path.basename(file).startsWith('negative');
        if (isNegative) {
          assert.equal(expectations.filter((e) => e.kind === 'ruleid').length, 0, 'negative fixtures expect no finding');
          assert.deepEqual(describeFindings(findings, text, lines), [], 'no finding in a negative fixture');
        } else {
          assert.ok(
            expectations.some((e) => e.kind === 'ruleid'),
            'a positive fixture has at least one ruleid: annotation',
          );
        }
        const unmatched = [...findings];
        const messageIds = Object.keys(rule.meta.messages);
        for (const expectation of expectations) {
          const onLine = findings.filter((f) => lines.positionAt(f.range.start).line === expectation.line);
          const where = `line ${expectation.line + 1} (annotation on line ${expectation.annotationLine + 1})`;
          if (expectation.messageId !== undefined)
            assert.ok(
              messageIds.includes(expectation.messageId),
              `${where}: ${id} has no message id "${expectation.messageId}" (it has ${messageIds.join(', ')})`,
            );
          if (expectation.kind !== 'ruleid') {
            if (expectation.kind === 'todoruleid') todos.push(`${path.relative(FIXTURES_ROOT, file)}:${expectation.annotationLine + 1}`);
            assert.deepEqual(describeFindings(onLine, text, lines), [], `${expectation.kind}: expected no finding on ${where}`);
            continue;
          }
          assert.ok(expectation.messageId !== undefined || messageIds.length === 1, `${where}: ${id} has several messages, so name one (ruleid: ${id}#<id>)`);
          // Unstated severity means the rule's default: a downgrade has to be written down.
          const severity = expectation.severity ?? rule.meta.severity;
          const match = onLine.find(
            (f) =>
              unmatched.includes(f) &&
              (expectation.text === undefined || text.slice(f.range.start, f.range.end) === expectation.text) &&
              (expectation.messageId === undefined || f.messageId === expectation.messageId) &&
              f.severity === severity,
          );
          assert.ok(
            match,
            `ruleid: expected a finding on ${where}${expectation.text ? ` with range text ${JSON.stringify(expectation.text)}` : ''}${expectation.messageId ? ` and message id ${expectation.messageId}` : ''}, severity ${severity}; got ${JSON.stringify(describeFindings(findings, text, lines))}`,
          );
          unmatched.splice(unmatched.indexOf(match), 1);
          assert.ok(match.message.length > 0);
        }
        assert.deepEqual(describeFindings(unmatched, text, lines), [], 'every finding is annotated with ruleid:');
      });
    }

    for (const [positive, fixedFile] of fixtures.fixed) {
      it(`${path.basename(positive)}: fixes give ${path.basename(fixedFile)} and re-scan clean`, () => {
        const text = fs.readFileSync(positive, 'utf8');
        const before = engine.analyze({ path: positive, text }, config);
        const edits = before.findings.filter((f) => f.ruleId === id && f.fix).flatMap((f) => f.fix!.edits);
        assert.ok(edits.length > 0, 'the positive fixture offers at least one fix');
        const { text: fixed, skipped } = applyEdits(text, edits);
        assert.equal(skipped, 0, 'fix edits do not overlap');
        assert.equal(fixed, fs.readFileSync(fixedFile, 'utf8'));
        const after = engine.analyze({ path: positive, text: fixed }, config);
        assert.deepEqual(after.notices, [], 'the fixed text parses');
        if (!hasSyntaxError(positive, text)) assert.equal(hasSyntaxError(positive, fixed), false, 'the fix introduces no syntax error');
        const remaining = after.findings.filter((f) => f.ruleId === id && f.fix && !f.suppression);
        assert.deepEqual(describeFindings(remaining, fixed, new LineIndex(fixed)), [], 'no fixable finding of the rule remains');
      });
    }
  });
}

function describeFindings(findings: readonly Finding[], text: string, lines: LineIndex) {
  return findings.map(
    (f) =>
      `${lines.positionAt(f.range.start).line + 1}: ${f.ruleId}#${f.messageId}[${f.severity}] ${JSON.stringify(text.slice(f.range.start, f.range.end))} ${f.message}`,
  );
}
