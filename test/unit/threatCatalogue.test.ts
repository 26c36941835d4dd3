/**
 * The threat catalogue and docs/threat-model.md agree with each other and with the rules: every
 * id a rule names is catalogued and has its anchor on the page, every catalogued threat has a
 * section, the page has no section the catalogue lacks, and the page is up to date.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { isThreatId, THREAT_IDS, THREAT_MODEL_DOC, threatAnchor, threatEntry } from '../../engine/threats';
import { STRIDE } from '../../engine/types';
import { expectedThreatModel } from '../../scripts/ruleDocs';
import { REPO_ROOT } from '../support/fixtures';

const page = fs.readFileSync(path.join(REPO_ROOT, THREAT_MODEL_DOC), 'utf8');
const anchors = [...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);

describe('threat catalogue and docs/threat-model.md', () => {
  it('ids are well formed, unique by anchor, with a title and STRIDE categories', () => {
    for (const id of THREAT_IDS) {
      assert.match(id, /^(BS-\d{2}|PILLAR-(CODE|CONTAINER|CLUSTER|CLOUD)-\d|STRIDE-[STRIDE]-[A-Z]+)$/, id);
      const entry = threatEntry(id);
      assert.ok(entry.title.length > 0 && !entry.title.includes('\n'), `${id} title`);
      assert.ok(entry.stride.length > 0 && entry.stride.every((s) => STRIDE.includes(s)), `${id} STRIDE`);
      if (id.startsWith('STRIDE-')) assert.equal(entry.stride[0][0], id[7], `${id} is filed under its letter`);
    }
    assert.equal(new Set(THREAT_IDS.map(threatAnchor)).size, THREAT_IDS.length);
  });

  it('the bookstore model has one id per table row, 1 to 39', () => {
    const rows = THREAT_IDS.filter((id) => id.startsWith('BS-'));
    assert.deepEqual(
      rows,
      Array.from({ length: 39 }, (_, i) => `BS-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('every id a rule names is in the catalogue and has its anchor on the page', () => {
    for (const { meta } of allRules) {
      assert.ok(meta.threat.ids.length > 0, `${meta.id} names no threat`);
      assert.equal(new Set(meta.threat.ids).size, meta.threat.ids.length, `${meta.id} names a threat twice`);
      for (const id of meta.threat.ids) {
        assert.ok(isThreatId(id), `${meta.id}: ${id} is not catalogued`);
        assert.ok(anchors.includes(threatAnchor(id)), `${meta.id}: ${THREAT_MODEL_DOC} has no anchor ${threatAnchor(id)}`);
      }
    }
  });

  it('every catalogued threat has a section on the page, and the page has no other', () => {
    for (const id of THREAT_IDS) {
      assert.ok(page.includes(`<a id="${threatAnchor(id)}"></a>\n\n### ${id}: ${threatEntry(id).title}\n`), `no section for ${id}`);
    }
    assert.deepEqual(anchors, THREAT_IDS.map(threatAnchor));
  });

  it('every rule is listed under the threats it names', () => {
    for (const { meta } of allRules) {
      for (const id of meta.threat.ids) {
        const section = page.slice(page.indexOf(`<a id="${threatAnchor(id)}"></a>`)).split('\n<a id=')[0];
        assert.match(section, new RegExp(`\\*\\*Checked by:\\*\\*.*\\[\`${meta.id}\`\\]\\(rules/${meta.id}\\.md\\)`), `${id} does not list ${meta.id}`);
      }
    }
  });

  it('the page is up to date (npm run docs)', () => {
    assert.equal(page, expectedThreatModel());
  });
});
