import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fingerprints, shardOf } from '../rules/core/fingerprint';
import { LineIndex } from '../rules/core/lineIndex';
import type { ScanReport } from '../rules/core/scan';

export class SelectionError extends Error {}

/** `k/n` → a filter keeping the k-th of n deterministic shards (1-based k). */
export function parseShard(spec: string): (relativePath: string) => boolean {
  const match = /^(\d+)\/(\d+)$/.exec(spec);
  const k = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || n < 1 || k < 1 || k > n) throw new SelectionError(`--shard must be k/n with 1 <= k <= n, got "${spec}"`);
  return (relativePath) => shardOf(relativePath, n) === k - 1;
}

/**
 * Absolute paths of files changed since `ref` (committed, staged, unstaged) plus untracked
 * files, from git. The one place ThreatLint runs a program, and only when asked to.
 */
export function changedSince(ref: string, cwd: string): Set<string> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
      throw new SelectionError(`--changed-since ${ref}: git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
    }
  };
  const top = git(['rev-parse', '--show-toplevel']).trim();
  const names = [
    ...git(['diff', '--name-only', '--diff-filter=ACMR', ref]).split('\n'),
    ...git(['ls-files', '--others', '--exclude-standard']).split('\n').map((p) => path.relative(top, path.resolve(cwd, p))),
  ];
  return new Set(names.filter((n) => n.length > 0).map((n) => path.resolve(top, n)));
}

/** Fingerprints of an earlier result: SARIF `partialFingerprints` or the JSON output's `fingerprint`. */
export function readBaseline(file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SelectionError(`cannot read baseline ${file}: ${(error as Error).message}`);
  }
  const prints = new Set<string>();
  const sarif = data as { runs?: { results?: { partialFingerprints?: Record<string, string> }[] }[] };
  for (const run of sarif.runs ?? []) for (const r of run.results ?? []) if (r.partialFingerprints?.['threatlint/v1']) prints.add(r.partialFingerprints['threatlint/v1']);
  for (const f of (data as { findings?: { fingerprint?: string }[] }).findings ?? []) if (f.fingerprint) prints.add(f.fingerprint);
  if (!Array.isArray(sarif.runs) && !Array.isArray((data as { findings?: unknown }).findings)) {
    throw new SelectionError(`baseline ${file} is neither ThreatLint SARIF nor JSON output`);
  }
  return prints;
}

/** Marks findings present in the baseline as externally suppressed, so only new ones count. */
export function applyBaseline(report: ScanReport, baseline: Set<string>, source: string): number {
  let matched = 0;
  for (const file of report.files) {
    const prints = fingerprints(file.relativePath, file.text, new LineIndex(file.text), file.result.findings);
    file.result.findings.forEach((finding, i) => {
      if (!finding.suppression && baseline.has(prints[i])) {
        finding.suppression = { kind: 'external', reason: `in baseline ${source}`, range: { start: 0, end: 0 } };
        matched++;
      }
    });
  }
  return matched;
}
