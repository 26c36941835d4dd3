/**
 * The catalogue check (ESLint's checkRuleFiles): every registered rule has complete
 * metadata, a one-sentence description, message templates, a source file where its id says,
 * an up-to-date generated doc with a hand-written Details section, a positive
 * and a negative fixture, and a fix test when it is fixable.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { detailsText, docPath, splitRuleDoc } from '../../output/ruleDocs';
import { STRIDE } from '../../engine/types';
import { exampleFixture, expectedDoc, fixtureLanguage, expectedIndex } from '../../scripts/ruleDocs';
import { ANNOTATION_COMMENT } from '../support/annotations';
import { REPO_ROOT, ruleFixtures } from '../support/fixtures';

describe('rule catalogue', () => {
  it('rule ids are unique', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...new Set(ids)]);
  });

  it("the README's rule table lists every rule (npm run docs)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const table = /<!-- rules:start -->([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1] ?? '';
    for (const rule of allRules) assert.ok(table.includes(`\`${rule.meta.id}\``), `README rule table lacks ${rule.meta.id}`);
  });

  it('docs/rules/README.md is up to date (npm run docs)', () => {
    assert.equal(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'README.md'), 'utf8'), expectedIndex());
  });

  it('rule code has no `any`', () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name.endsWith('.ts') && /(:\s*any\s*[;,)=\]>|]|\bas any\b|<any>)/.test(fs.readFileSync(full, 'utf8')))
          offenders.push(path.relative(REPO_ROOT, full));
      }
    };
    visit(path.join(REPO_ROOT, 'rules'));
    assert.deepEqual(offenders, []);
  });

  for (const rule of allRules) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has complete metadata', () => {
        assert.match(meta.id, /^[a-z0-9]+\/[a-z0-9-]+$/);
        assert.ok(meta.title.length > 0 && meta.description.length > 20 && meta.remediation.length > 10);
        assert.ok(meta.cwe.length > 0, 'at least one CWE');
        assert.ok(meta.stride.length > 0 && meta.stride.every((s) => STRIDE.includes(s)), 'STRIDE categories');
        assert.ok(meta.threat.ids.length > 0 && meta.threat.summary.length > 0, 'threat-model ids and summary');
        assert.ok(meta.languages.length > 0);
      });

      it('lives in rules/<id prefix>/<name>.ts', () => {
        const [prefix, name] = meta.id.split('/');
        assert.ok(fs.existsSync(path.join(REPO_ROOT, 'rules', prefix, `${name}.ts`)), `rules/${prefix}/${name}.ts`);
      });

      it('has an up-to-date doc (npm run docs) with a written Details section', () => {
        const file = path.join(REPO_ROOT, docPath(meta.id));
        assert.ok(fs.existsSync(file), `${docPath(meta.id)} is missing`);
        const { generated, details } = splitRuleDoc(fs.readFileSync(file, 'utf8'));
        // Only the part above the marker is generated; the Details below it are hand-written.
        assert.equal(generated, expectedDoc(rule), `${docPath(meta.id)} is stale`);
        assert.ok(detailsText(details).length > 0, `${docPath(meta.id)} needs a "## Details" section below the details marker`);
      });

      it('has a one-sentence description (the Details section of its doc holds the rest)', () => {
        assert.ok(meta.description.length <= 200, `${meta.description.length} characters`);
        assert.match(meta.description, /^[^\n]+\.$/);
        assert.doesNotMatch(meta.description.slice(0, -1), /[.!?] [A-Z`]/, 'one sentence');
      });

      it('has message templates, each with a non-empty text', () => {
        const messages = Object.entries(meta.messages);
        assert.ok(messages.length > 0, 'at least one message');
        for (const [id, text] of messages) assert.ok(/^\w+$/.test(id) && text.length > 0, id);
      });

      it('doc examples show no fixture annotations and come from its main kind of file', () => {
        const { generated } = splitRuleDoc(fs.readFileSync(path.join(REPO_ROOT, docPath(meta.id)), 'utf8'));
        assert.doesNotMatch(generated, ANNOTATION_COMMENT);
        const fixtures = ruleFixtures(meta.id);
        for (const [files, prefix] of [
          [fixtures.positives, 'positive'],
          [fixtures.negatives, 'negative'],
        ] as const) {
          const shown = exampleFixture(rule, files, prefix);
          assert.ok(shown, `no ${prefix} fixture`);
          assert.equal(fixtureLanguage(shown, fs.readFileSync(shown, 'utf8')), meta.languages[0], `${path.basename(shown)} is not a ${meta.languages[0]} file`);
        }
      });

      it('has positive and negative fixtures', () => {
        const fixtures = ruleFixtures(meta.id);
        assert.ok(fixtures.positives.length > 0, `no positive* fixture in ${fixtures.dir}`);
        assert.ok(fixtures.negatives.length > 0, `no negative* fixture in ${fixtures.dir}`);
      });

      it(meta.fixable ? 'has a fix test (positive*.fixed.*)' : 'is not fixable, so has no fix test', () => {
        const fixtures = ruleFixtures(meta.id);
        assert.equal(fixtures.fixed.size > 0, meta.fixable);
      });
    });
  }
});
