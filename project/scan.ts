import * as path from 'node:path';
import type { ThreatLintConfig } from '../engine/config';
import { analyzeFileSync, type Analyzer, type FileOutcome } from './analyzer';
import { dispatchFiles } from './dispatch';
import type { AnalysisResult, Engine } from '../engine/engine';
import { toPosix, walkFiles } from './walk';

export interface FileResult {
  /** Absolute path. */
  file: string;
  /** Path relative to the scan's base directory, with `/` separators. */
  relativePath: string;
  text: string;
  result: AnalysisResult;
}

export interface ScanReport {
  files: FileResult[];
  /** Files that could not be read, with the reason. */
  skipped: { file: string; reason: string }[];
}

export interface ScanOptions {
  /** Keeps only files for which this returns true (shards, changed files). Gets the `/`-relative path. */
  include?: (relativePath: string, absolutePath: string) => boolean;
  onProgress?: (done: number, total: number) => void;
  /** Checked between files: when it returns true the scan stops and returns what it has. */
  isCancelled?: () => boolean;
}

/** The files a scan of `paths` covers, in a stable order, after ignore rules and `include`; and what could not be listed. */
export function listScanFiles(
  paths: string[],
  config: ThreatLintConfig,
  baseDir: string,
  options: ScanOptions = {},
): { files: string[]; skipped: ScanReport['skipped'] } {
  const files = new Set<string>();
  const skipped: ScanReport['skipped'] = [];
  const onSkip = (file: string, reason: string) => skipped.push({ file, reason });
  for (const target of paths) {
    for (const file of walkFiles(path.resolve(baseDir, target), { ignore: config.ignore, onSkip })) {
      if (!options.include || options.include(toPosix(path.relative(baseDir, file)), file)) files.add(file);
    }
  }
  return { files: [...files], skipped };
}

/** Reads and analyses every file under `paths` on this thread; for tests and small inputs. */
export function scanPaths(engine: Engine, paths: string[], config: ThreatLintConfig, baseDir: string, options: ScanOptions = {}): ScanReport {
  const { files, skipped } = listScanFiles(paths, config, baseDir, options);
  const report: ScanReport = { files: [], skipped };
  let done = 0;
  for (const file of files) {
    if (options.isCancelled?.()) break;
    options.onProgress?.(done++, files.length);
    addOutcome(report, analyzeFileSync(engine, file, config, baseDir), baseDir);
  }
  options.onProgress?.(done, files.length);
  return report;
}

/** Analyses `files` through an Analyzer (a worker pool for real workspaces); results keep the given order. */
export async function scanFilesWith(
  analyzer: Analyzer,
  files: readonly string[],
  config: ThreatLintConfig,
  baseDir: string,
  options: ScanOptions = {},
): Promise<ScanReport> {
  const report: ScanReport = { files: [], skipped: [] };
  const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
  let done = 0;
  options.onProgress?.(0, files.length);
  await dispatchFiles(
    analyzer,
    files.map((file) => ({ file })),
    {
      config: () => config,
      root: () => baseDir,
      isCancelled: options.isCancelled,
      onOutcome: (_job, outcome, index) => {
        outcomes[index] = outcome;
        options.onProgress?.(++done, files.length);
      },
    },
  );
  for (const outcome of outcomes) if (outcome) addOutcome(report, outcome, baseDir);
  return report;
}

function addOutcome(report: ScanReport, outcome: FileOutcome, baseDir: string): void {
  if (outcome.text === undefined || !outcome.result) {
    report.skipped.push({ file: outcome.file, reason: outcome.skipped ?? 'unreadable' });
    return;
  }
  report.files.push({ file: outcome.file, relativePath: toPosix(path.relative(baseDir, outcome.file)), text: outcome.text, result: outcome.result });
}
