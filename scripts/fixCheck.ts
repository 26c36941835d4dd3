/**
 * Applies each fixable Kubernetes/Compose/Dockerfile rule's quick fixes to real files and checks
 * that the result still parses, keeps its comments, and re-scans clean for that rule.
 * Usage: tsx scripts/fixCheck.ts <dir...>   (prints one line per rule, then each failure)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { allRules } from '../rules';
import { defaultConfig } from '../engine/config';
import { Engine } from '../engine/engine';
import { applyEdits } from '../engine/fixes';
import { listScanFiles } from '../project/scan';

interface Tally {
  files: number;
  fixes: number;
  ok: number;
  failures: string[];
}

function commentCount(text: string): number {
  return text.split('\n').filter((line) => line.trimStart().startsWith('#')).length;
}

function yamlErrors(text: string): number {
  return parseAllDocuments(text).reduce((n, doc) => n + ('errors' in doc ? doc.errors.length : 0), 0);
}

async function main(dirs: string[]): Promise<void> {
  const engine = await Engine.create(allRules);
  const fixable = allRules.filter((r) => r.meta.fixable && /^(k8s|docker)\//.test(r.meta.id)).map((r) => r.meta.id);
  const tallies = new Map<string, Tally>(fixable.map((id) => [id, { files: 0, fixes: 0, ok: 0, failures: [] }]));
  for (const dir of dirs) {
    const config = defaultConfig();
    const { files } = listScanFiles([dir], config, dir);
    for (const file of files) {
      if (fs.statSync(file).size > 1_000_000) continue;
      const text = fs.readFileSync(file, 'utf8');
      const before = engine.analyze({ path: file, text }, config);
      if (before.language !== 'kubernetes' && before.language !== 'compose' && before.language !== 'dockerfile') continue;
      for (const id of fixable) {
        const findings = before.findings.filter((f) => f.ruleId === id);
        const edits = findings.filter((f) => f.fix).flatMap((f) => f.fix!.edits);
        if (edits.length === 0) continue;
        const tally = tallies.get(id)!;
        tally.files++;
        tally.fixes += findings.filter((f) => f.fix).length;
        const { text: fixed, skipped } = applyEdits(text, edits);
        const after = engine.analyze({ path: file, text: fixed }, config);
        const problems: string[] = [];
        if (skipped > 0) problems.push(`${skipped} overlapping edits skipped`);
        if (after.notices.length > before.notices.length) problems.push(`new notice: ${after.notices[0]?.message}`);
        if (before.language !== 'dockerfile' && !text.includes('{{') && yamlErrors(fixed) > yamlErrors(text)) problems.push('YAML errors after the fix');
        if (commentCount(fixed) < commentCount(text)) problems.push('comments lost');
        const remaining = after.findings.filter((f) => f.ruleId === id && f.fix);
        if (remaining.length > 0) problems.push(`${remaining.length} fixable finding(s) remain: ${remaining[0].message}`);
        if (after.findings.filter((f) => f.ruleId === id).length >= findings.length) problems.push('finding count did not drop');
        if (problems.length === 0) tally.ok++;
        else tally.failures.push(`${path.relative(process.cwd(), file)}: ${problems.join('; ')}`);
      }
    }
  }
  for (const [id, t] of tallies) console.log(`${id}\tfiles ${t.files}\tfixes ${t.fixes}\tclean after fix ${t.ok}/${t.files}`);
  for (const [id, t] of tallies) for (const failure of t.failures.slice(0, 10)) console.log(`FAIL ${id} ${failure}`);
}

void main(process.argv.slice(2));
