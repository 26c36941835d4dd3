/**
 * Writes `<fixture>.fixed.<ext>` for a rule's positive fixtures by applying the rule's fixes,
 * as a starting point for fix tests. Review every generated file before committing it.
 * Usage: tsx scripts/applyFixes.ts <rule-id>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { Engine } from '../engine/engine';
import { applyEdits } from '../engine/fixes';
import { fixedName, fixtureConfig, ruleFixtures } from '../test/support/fixtures';

async function main(ruleId: string): Promise<void> {
  const engine = await Engine.create(allRules);
  for (const file of ruleFixtures(ruleId).positives) {
    const text = fs.readFileSync(file, 'utf8');
    const edits = engine
      .analyze({ path: file, text }, fixtureConfig(path.dirname(file)))
      .findings.filter((f) => f.ruleId === ruleId && f.fix)
      .flatMap((f) => f.fix!.edits);
    if (edits.length === 0) continue;
    const target = path.join(path.dirname(file), fixedName(path.basename(file)));
    fs.writeFileSync(target, applyEdits(text, edits).text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}

void main(process.argv[2] ?? '');
