import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, mergeConfig, type ThreatLintConfig } from '../../engine/config';
import { findConfigFile, readConfigFile } from '../../project/configFile';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES_ROOT = path.join(REPO_ROOT, 'test', 'fixtures');

export interface RuleFixtures {
  dir: string;
  /** Files whose name starts with `positive`, without `.fixed.` in it. */
  positives: string[];
  negatives: string[];
  /** `positive-x.fixed.go` for `positive-x.go`, keyed by the positive file. */
  fixed: Map<string, string>;
}

/** Fixtures of a rule live in test/fixtures/<rule id>/ (the id's slash makes the language folder). */
export function ruleFixtures(ruleId: string): RuleFixtures {
  const dir = path.join(FIXTURES_ROOT, ...ruleId.split('/'));
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  const isFixed = (n: string) => n.includes('.fixed');
  const positives = names.filter((n) => n.startsWith('positive') && !isFixed(n)).map((n) => path.join(dir, n));
  const negatives = names.filter((n) => n.startsWith('negative') && !isFixed(n)).map((n) => path.join(dir, n));
  const fixed = new Map<string, string>();
  for (const p of positives) {
    const base = path.basename(p);
    const candidate = fixedName(base);
    if (names.includes(candidate)) fixed.set(p, path.join(dir, candidate));
  }
  return { dir, positives, negatives, fixed };
}

/** `positive.go` → `positive.fixed.go`; `positive.dockerfile` → `positive.fixed.dockerfile`. */
export function fixedName(base: string): string {
  const dot = base.indexOf('.');
  return dot < 0 ? `${base}.fixed` : `${base.slice(0, dot)}.fixed${base.slice(dot)}`;
}

/** Language tag for Markdown code fences. */
export function fenceLanguage(file: string): string {
  const ext = path.extname(file).slice(1);
  return ext === 'dockerfile' ? 'dockerfile' : ext === 'yml' ? 'yaml' : ext;
}

/** A fixture directory may carry a `.threatlint.yaml` (e.g. allowedRegistries) applied to its files. */
export function fixtureConfig(dir: string): ThreatLintConfig {
  const file = findConfigFile(dir);
  return mergeConfig(defaultConfig(), file ? readConfigFile(file) : {});
}
