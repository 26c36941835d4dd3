import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { shardOf } from '../project/fingerprint';

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
    ...git(['ls-files', '--others', '--exclude-standard'])
      .split('\n')
      .map((p) => path.relative(top, path.resolve(cwd, p))),
  ];
  return new Set(names.filter((n) => n.length > 0).map((n) => path.resolve(top, n)));
}
