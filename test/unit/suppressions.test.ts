/** Suppression hygiene: `until=` expiry and stale suppressions, through the engine. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, mergeConfig } from '../../engine/config';
import type { Engine } from '../../engine/engine';
import { LineIndex } from '../../engine/lineIndex';
import { findSuppressions } from '../../engine/suppressions';
import { testEngine } from '../support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const manifest = (comment: string, image = 'nginx:latest') =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  namespace: ops',
    'spec:',
    '  containers:',
    '    - name: c',
    `      ${comment}`,
    `      image: ${image}`,
    '',
  ].join('\n');

function analyze(text: string, today?: string) {
  const config = mergeConfig(defaultConfig(), {});
  if (today) config.today = today;
  return engine.analyze({ path: '/w/pod.yaml', text }, config);
}

const latest = (text: string, today?: string) => analyze(text, today).findings.find((f) => f.ruleId === 'k8s/image-latest-tag');
const stale = (text: string, today?: string) => analyze(text, today).findings.filter((f) => f.ruleId === 'threatlint/stale-suppression');

describe('suppression expiry (until=YYYY-MM-DD)', () => {
  const text = manifest('# threatlint-ignore k8s/image-latest-tag until=2026-06-30 -- vendor ships a tag in June');

  it('reads until= apart from the rule ids', () => {
    const [comment] = findSuppressions(text, new LineIndex(text));
    assert.deepEqual(comment.ruleIds, ['k8s/image-latest-tag']);
    assert.equal(comment.until, '2026-06-30');
    assert.equal(comment.reason, 'vendor ships a tag in June');
  });

  it('suppresses up to and including the day', () => {
    assert.ok(latest(text, '2026-06-30')?.suppression);
    assert.equal(latest(text, '2026-06-30')?.suppression?.reason, 'vendor ships a tag in June');
  });

  it('returns the finding the day after, saying the suppression expired; not stale', () => {
    const finding = latest(text, '2026-07-01');
    assert.ok(finding && !finding.suppression);
    assert.match(finding.message, /suppression expired on 2026-06-30/);
    assert.deepEqual(stale(text, '2026-07-01'), []);
  });

  it('reports an until= that is not a date, and then never expires', () => {
    const bad = manifest('# threatlint-ignore k8s/image-latest-tag until=2026-02-30 -- x');
    assert.ok(latest(bad, '2030-01-01')?.suppression);
    assert.match(stale(bad)[0].message, /until=2026-02-30 is not a date/);
  });
});

describe('stale suppressions (threatlint/stale-suppression)', () => {
  it('a suppression whose finding is gone is stale, with a fix removing the comment', () => {
    const text = manifest('# threatlint-ignore k8s/image-latest-tag -- pinned later', 'nginx:1.27.3');
    const [finding] = stale(text);
    assert.match(finding.message, /matches no finding on line 10/);
    assert.equal(finding.fix?.edits[0].newText, '');
    assert.equal(
      text.slice(finding.fix!.edits[0].range.start, finding.fix!.edits[0].range.end),
      '      # threatlint-ignore k8s/image-latest-tag -- pinned later\n',
    );
  });

  it('an unknown rule id is named', () => {
    assert.match(stale(manifest('# threatlint-ignore k8s/image-latest -- typo'))[0].message, /unknown rule \(k8s\/image-latest\)/);
  });

  it('a suppression that covers a finding is not stale', () => {
    assert.deepEqual(stale(manifest('# threatlint-ignore k8s/image-latest-tag -- accepted')), []);
  });

  it('a comment naming a rule turned off is not judged', () => {
    const text = manifest('# threatlint-ignore k8s/image-latest-tag -- accepted');
    const config = mergeConfig(defaultConfig(), { rules: { 'k8s/image-latest-tag': 'off' } });
    assert.deepEqual(
      engine.analyze({ path: '/w/pod.yaml', text }, config).findings.filter((f) => f.ruleId === 'threatlint/stale-suppression'),
      [],
    );
  });

  it('is off when configured off', () => {
    const text = manifest('# threatlint-ignore k8s/image-latest-tag -- pinned later', 'nginx:1.27.3');
    const config = mergeConfig(defaultConfig(), { rules: { 'threatlint/stale-suppression': 'off' } });
    assert.deepEqual(
      engine.analyze({ path: '/w/pod.yaml', text }, config).findings.filter((f) => f.ruleId === 'threatlint/stale-suppression'),
      [],
    );
  });
});
