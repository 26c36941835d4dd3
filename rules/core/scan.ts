import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ThreatLintConfig } from './config';
import type { AnalysisResult, Engine } from './engine';
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
}

/** Reads and analyses every file under `paths`; used by the CLI and the server's workspace scan. */
export function scanPaths(engine: Engine, paths: string[], config: ThreatLintConfig, baseDir: string, options: ScanOptions = {}): ScanReport {
  const report: ScanReport = { files: [], skipped: [] };
  const onSkip = (file: string, reason: string) => report.skipped.push({ file, reason });
  const files = new Set<string>();
  for (const target of paths) {
    for (const file of walkFiles(path.resolve(baseDir, target), { ignore: config.ignore, onSkip })) {
      if (!options.include || options.include(toPosix(path.relative(baseDir, file)), file)) files.add(file);
    }
  }
  let done = 0;
  for (const file of files) {
    options.onProgress?.(done++, files.size);
    const text = readSource(file, config.maxFileSize, onSkip);
    if (text === undefined) continue;
    report.files.push({ file, relativePath: toPosix(path.relative(baseDir, file)), text, result: engine.analyze({ path: file, text }, config) });
  }
  options.onProgress?.(files.size, files.size);
  return report;
}

/** The file's text, or undefined (with a reason) when it cannot or should not be read whole. */
export function readSource(file: string, maxFileSize: number, onSkip: (file: string, reason: string) => void): string | undefined {
  try {
    const size = fs.statSync(file).size;
    if (size > maxFileSize) {
      onSkip(file, `larger than maxFileSize (${size} > ${maxFileSize} bytes)`);
      return undefined;
    }
    const buffer = fs.readFileSync(file);
    if (buffer.subarray(0, 8192).includes(0)) {
      onSkip(file, 'binary (contains NUL bytes)');
      return undefined;
    }
    return buffer.toString('utf8');
  } catch (error) {
    onSkip(file, (error as NodeJS.ErrnoException).code ?? 'unreadable');
    return undefined;
  }
}
