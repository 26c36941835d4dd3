/**
 * Baselines: the findings a team has accepted for now, so the editor and CI show only new ones.
 * A baseline is a list of fingerprints (see fingerprint.ts). ThreatLint writes its own format
 * (`threatlint baseline`, "ThreatLint: Create Baseline"), with paths relative to the baseline
 * file so it matches from any working directory; an earlier `scan --format json|sarif` output
 * is accepted too (its paths are relative to where that scan ran).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fingerprintItems, fingerprints, fingerprintsOf } from './fingerprint';
import { LineIndex } from '../engine/lineIndex';
import type { Finding } from '../engine/types';
import { toPosix } from './walk';

export class BaselineError extends Error {}

export interface Baseline {
  /** The file it was read from (absolute). */
  file: string;
  prints: Set<string>;
}

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Relative to the baseline file's folder. */
  path: string;
  line: number;
}

export interface BaselineFile {
  version: 1;
  tool: 'threatlint';
  findings: BaselineEntry[];
}

export const DEFAULT_BASELINE_FILE = '.threatlint-baseline.json';

/**
 * The baseline a project uses, for the CLI and the editor alike: `baseline:` of its config (already
 * absolute), else `.threatlint-baseline.json` at the project root. A file that does not exist yet
 * is no baseline (the team has not created one); one that exists but cannot be read is an error.
 */
export function projectBaselineFile(config: { baseline?: string }, root: string): string;
export function projectBaselineFile(config: { baseline?: string }, root: string | undefined): string | undefined;
export function projectBaselineFile(config: { baseline?: string }, root: string | undefined): string | undefined {
  return config.baseline ?? (root ? path.join(root, DEFAULT_BASELINE_FILE) : undefined);
}

/** Reads a ThreatLint baseline, JSON output or SARIF output; throws BaselineError with a message for users. */
export function readBaseline(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const sarif = data as { runs?: { results?: { partialFingerprints?: Record<string, string> }[] }[] };
  const json = data as { findings?: { fingerprint?: string }[] };
  if (!Array.isArray(sarif.runs) && !Array.isArray(json.findings)) {
    throw new BaselineError(`baseline ${file} is neither a ThreatLint baseline nor its JSON or SARIF output`);
  }
  const prints = new Set<string>();
  for (const run of sarif.runs ?? [])
    for (const r of run.results ?? []) if (r.partialFingerprints?.['threatlint/v1']) prints.add(r.partialFingerprints['threatlint/v1']);
  for (const f of json.findings ?? []) if (typeof f.fingerprint === 'string') prints.add(f.fingerprint);
  return { file: path.resolve(file), prints };
}

const cache = new Map<string, { mtimeMs: number; baseline: Baseline }>();

/** `readBaseline` cached by modification time, for the language server; undefined when the file is missing. */
export function loadBaseline(file: string): Baseline | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    cache.delete(file);
    return undefined;
  }
  const known = cache.get(file);
  if (known?.mtimeMs === mtimeMs) return known.baseline;
  const baseline = readBaseline(file);
  cache.set(file, { mtimeMs, baseline });
  return baseline;
}

/**
 * Marks the file's findings that are in the baseline as externally suppressed; returns how many.
 * `scanRelativePath` is the path an earlier scan output would have used (its working directory).
 */
export function applyBaseline(baseline: Baseline, absolutePath: string, text: string, findings: readonly Finding[], scanRelativePath?: string): number {
  if (baseline.prints.size === 0 || findings.length === 0) return 0;
  const lines = new LineIndex(text);
  const own = fingerprints(relativeTo(baseline, absolutePath), text, lines, findings);
  const scan = scanRelativePath ? fingerprints(scanRelativePath, text, lines, findings) : [];
  let matched = 0;
  findings.forEach((finding, i) => {
    if (finding.suppression) return;
    if (baseline.prints.has(own[i]) || (scan[i] !== undefined && baseline.prints.has(scan[i]))) {
      finding.suppression = { kind: 'external', reason: `in baseline ${path.basename(baseline.file)}`, range: { start: 0, end: 0 } };
      matched++;
    }
  });
  return matched;
}

/** One file's findings as a baseline needs them: no text, so the language server can keep them. */
export interface BaselineSource {
  file: string;
  findings: readonly { ruleId: string; line: number; lineText: string; inSource: boolean }[];
}

/** The baseline of `files`' current findings (those not suppressed in source), to write to `baselineFile`. */
export function createBaseline(baselineFile: string, files: readonly BaselineSource[]): BaselineFile {
  const target: Baseline = { file: path.resolve(baselineFile), prints: new Set() };
  const entries: BaselineEntry[] = [];
  for (const { file, findings } of files) {
    const relative = relativeTo(target, file);
    const prints = fingerprintsOf(relative, findings);
    findings.forEach((f, i) => {
      if (!f.inSource) entries.push({ fingerprint: prints[i], ruleId: f.ruleId, path: relative, line: f.line });
    });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
  return { version: 1, tool: 'threatlint', findings: entries };
}

/** A scanned file (text and findings) as a BaselineSource. */
export function baselineSource(file: string, text: string, findings: readonly Finding[]): BaselineSource {
  const lines = new LineIndex(text);
  const items = fingerprintItems(text, lines, findings);
  return {
    file,
    findings: findings.map((f, i) => ({
      ruleId: f.ruleId,
      line: lines.positionAt(f.range.start).line + 1,
      lineText: items[i].lineText,
      inSource: f.suppression?.kind === 'inSource',
    })),
  };
}

export function formatBaseline(baseline: BaselineFile): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

function relativeTo(baseline: Baseline, absolutePath: string): string {
  return toPosix(path.relative(path.dirname(baseline.file), absolutePath));
}
