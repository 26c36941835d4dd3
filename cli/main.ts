/**
 * `threatlint` command line: the same engine as the language server, for CI.
 * Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or internal error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { allRules } from '../rules';
import { ConfigError, defaultConfig, mergeConfig, type ThreatLintConfig } from '../engine/config';
import { findConfigFile, readConfigFile } from '../project/configFile';
import { buildThreatReport, reportFilesFromScan } from '../output/report';
import { renderReportHtml, renderReportJson, renderReportMarkdown } from '../output/reportRender';
import { toPosix } from '../project/walk';
import { Engine } from '../engine/engine';
import { defaultParallelism, InProcessAnalyzer, isAnalysisWorker, runAnalysisWorker, WorkerPool, type Analyzer } from '../project/analyzer';
import { wantsPool } from '../project/dispatch';
import { listScanFiles, scanFilesWith } from '../project/scan';
import { formatJson } from '../output/json';
import { formatSarif } from '../output/sarif';
import { atOrAbove, type FailOn } from '../output/severity';
import { formatText } from '../output/text';
import { formatRules } from '../output/rulesList';
import type { ScanReport } from '../project/scan';
import { changedSince, parseShard, SelectionError } from './selection';
import { applyBaseline, BaselineError, baselineSource, createBaseline, formatBaseline, projectBaselineFile, readBaseline } from '../project/baseline';

declare const THREATLINT_VERSION: string;
const VERSION = typeof THREATLINT_VERSION === 'string' ? THREATLINT_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  threatlint scan [paths...] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|note|none] [--config FILE]
                  [--changed-since REF] [--shard K/N] [--baseline FILE] [--max-file-size BYTES]
                  [--jobs N] [--stats] [--show-baselined]
  threatlint baseline [paths...] [--output FILE]   write current findings as a baseline (default: the config's
                  baseline: or .threatlint-baseline.json); later scans and the editor show only new findings
  threatlint report [paths...] [--format markdown|html|json] [--output FILE] [--title TEXT] [scan options]
  threatlint rules [--format text|json|markdown]
  threatlint --version | --help

Exit codes: 0 no findings at or above --fail-on (default: warning), 1 findings, 2 usage or internal error.`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof SelectionError || error instanceof BaselineError) {
      process.stderr.write(`threatlint: ${error.message}\n`);
      if (error instanceof UsageError) process.stderr.write(`Run "threatlint --help" for usage.\n`);
      return 2;
    }
    const io = ioErrorMessage(error);
    if (io) {
      process.stderr.write(`threatlint: ${io}\n`);
      return 2;
    }
    // One line for the user; the stack only when asked for (it is minified in the bundle anyway).
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(
      `threatlint: internal error: ${message}${process.env.THREATLINT_DEBUG ? `\n${(error as Error).stack ?? ''}` : ' (set THREATLINT_DEBUG=1 for details)'}\n`,
    );
    return 2;
  }
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        color: { type: 'boolean' },
        'changed-since': { type: 'string' },
        shard: { type: 'string' },
        baseline: { type: 'string' },
        'max-file-size': { type: 'string' },
        'no-color': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        stats: { type: 'boolean' },
        title: { type: 'string' },
        'show-baselined': { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's parser appends advice about `--` that does not apply to threatlint: keep the first sentence.
    const first = (error as Error).message.split('\n')[0];
    const advice = first.indexOf('. To specify a positional argument');
    throw new UsageError(advice >= 0 ? `${first.slice(0, advice)}.` : first);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command = 'scan', ...rest] = positionals;
  if (command === 'rules') {
    const format = values.format ?? 'text';
    if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`unknown --format "${format}" for rules; use text, json or markdown`);
    write(formatRules(allRules, format as 'text' | 'json' | 'markdown'), values.output);
    return 0;
  }
  if (command === 'baseline') {
    const { report, config } = await scanFromArgs({ ...values, baseline: undefined, 'show-baselined': true }, rest);
    const target = values.output ?? projectBaselineFile(config, process.cwd());
    const baseline = createBaseline(
      target,
      report.files.map((f) => baselineSource(f.file, f.text, f.result.findings)),
    );
    writeFile(target, formatBaseline(baseline));
    process.stderr.write(
      `threatlint: wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} to baseline ${path.relative(process.cwd(), target) || target}\n`,
    );
    return 0;
  }
  if (command !== 'scan' && command !== 'report') throw new UsageError(`unknown command "${command}"; use scan, report, baseline or rules`);

  const formats = command === 'report' ? ['markdown', 'html', 'json'] : ['text', 'json', 'sarif'];
  const format = values.format ?? formats[0];
  if (!formats.includes(format))
    throw new UsageError(`unknown --format "${format}" for ${command}; use ${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}`);
  const failOn = (values['fail-on'] ?? 'warning') as FailOn;
  if (!['error', 'warning', 'note', 'none'].includes(failOn)) throw new UsageError(`unknown --fail-on "${failOn}"; use error, warning, note or none`);
  const started = performance.now();
  const { report, config, parallelism } = await scanFromArgs(values, rest);
  if (command === 'report') {
    write(renderReport(report, config, format as ReportFormat, values.title, values.output), values.output);
    if (values.output) process.stderr.write(`threatlint: wrote ${values.output}\n`);
    if (values.stats) writeStats(report, parallelism, performance.now() - started);
    return 0;
  }
  const color = values['no-color'] ? false : (values.color ?? (!values.output && process.stdout.isTTY === true && !process.env.NO_COLOR));
  const output =
    format === 'sarif'
      ? formatSarif(report, { rules: allRules, version: VERSION, baseDir: process.cwd() })
      : format === 'json'
        ? formatJson(report)
        : formatText(report, { color });
  write(output, values.output);
  if (values.output && format !== 'text') {
    process.stderr.write(formatText({ files: report.files, skipped: [] }, { color: false }).trim().split('\n').pop() + `; wrote ${values.output}\n`);
  }
  if (values.stats) writeStats(report, parallelism, performance.now() - started);
  const failing = report.files.some((f) => f.result.findings.some((x) => !x.suppression && atOrAbove(x.severity, failOn)));
  return failing ? 1 : 0;
}

type CliValues = Record<string, string | boolean | undefined>;
type ReportFormat = 'markdown' | 'html' | 'json';

/** The scan every analysing command shares: paths, config, shard/changed filters, pool, baseline. */
async function scanFromArgs(values: CliValues, positionals: string[]): Promise<{ report: ScanReport; config: ThreatLintConfig; parallelism: number }> {
  const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const paths = positionals.length > 0 ? positionals : ['.'];
  const baseDir = process.cwd();
  for (const p of paths) {
    if (!fs.existsSync(path.resolve(baseDir, p))) throw new UsageError(`path not found: ${p}`);
  }
  const configOption = str('config');
  const configFile = configOption ?? findConfigFile(baseDir);
  if (configOption && !fs.existsSync(configOption)) throw new UsageError(`config file not found: ${configOption}`);
  const maxFileSize = str('max-file-size') === undefined ? undefined : Number(str('max-file-size'));
  if (maxFileSize !== undefined && !(maxFileSize > 0)) throw new UsageError(`--max-file-size must be a positive number of bytes`);
  const config = mergeConfig(defaultConfig(), configFile ? readConfigFile(configFile) : {}, { maxFileSize });

  const inShard = str('shard') ? parseShard(str('shard') as string) : undefined;
  const changed = str('changed-since') ? changedSince(str('changed-since') as string, baseDir) : undefined;
  // Baselines: --baseline FILE (an earlier result, must exist) and the project's (see projectBaselineFile), unless --show-baselined.
  const configured = projectBaselineFile(config, baseDir);
  const baselines = values['show-baselined']
    ? []
    : [str('baseline'), configured].filter((f): f is string => f !== undefined).map((f) => readBaselineOrEmpty(f, f === configured));
  const jobs = str('jobs') === undefined ? undefined : Number(str('jobs'));
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs must be a whole number >= 1`);
  const include = (relativePath: string, absolute: string) => (!inShard || inShard(relativePath)) && (!changed || changed.has(absolute));
  const listed = listScanFiles(paths, config, baseDir, { include });
  const analyzer = await createAnalyzer(jobs, listed.files.length);
  const progress = process.stderr.isTTY && !process.env.CI;
  let report: ScanReport;
  try {
    report = await scanFilesWith(analyzer, listed.files, config, baseDir, {
      onProgress: progress ? (done, total) => process.stderr.write(`\rthreatlint: ${done}/${total} files`) : undefined,
    });
  } finally {
    await analyzer.close();
  }
  report.skipped.unshift(...listed.skipped);
  if (progress) process.stderr.write('\r\u001b[K');
  for (const baseline of baselines) for (const f of report.files) applyBaseline(baseline, f.file, f.text, f.result.findings, f.relativePath);
  return { report, config, parallelism: analyzer.parallelism };
}

/** A configured baseline that does not exist yet is empty (the team has not created one); a given --baseline must exist. */
function readBaselineOrEmpty(file: string, fromConfig: boolean) {
  if (fromConfig && !fs.existsSync(file)) return { file, prints: new Set<string>() };
  return readBaseline(file);
}

/** `report`: the threat-model report; links are relative to the output file (or the working directory). */
function renderReport(scan: ScanReport, config: ThreatLintConfig, format: ReportFormat, title: string | undefined, output: string | undefined): string {
  const off = new Set(
    Object.entries(config.rules)
      .filter(([, v]) => v === 'off')
      .map(([id]) => id),
  );
  const report = buildThreatReport(reportFilesFromScan(scan), allRules, {
    title: title ?? 'Threat Model Report',
    skipped: scan.skipped.length,
    off,
    settings: config.settings,
  });
  if (format === 'json') return renderReportJson(report);
  const baseDir = process.cwd();
  const linkDir = output ? path.dirname(path.resolve(baseDir, output)) : baseDir;
  const href = (p: string, line: number) => `${toPosix(path.relative(linkDir, path.resolve(baseDir, p)))}#L${line}`;
  return format === 'html' ? renderReportHtml(report, { href }) : renderReportMarkdown(report, { href });
}

async function createAnalyzer(jobs: number | undefined, files: number): Promise<Analyzer> {
  const parallelism = Math.min(jobs ?? defaultParallelism(), Math.max(1, files));
  if (wantsPool(files, parallelism, jobs !== undefined)) return new WorkerPool(__filename, parallelism);
  return new InProcessAnalyzer(await Engine.create(allRules));
}

/** `--stats`: one JSON line on stderr for benchmarks and CI logs. */
function writeStats(report: ScanReport, workers: number, elapsedMs: number): void {
  const bytes = report.files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  const stats = {
    files: report.files.length,
    skipped: report.skipped.length,
    bytes,
    workers,
    elapsedMs: Math.round(elapsedMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stderr.write(`threatlint stats: ${JSON.stringify(stats)}\n`);
}

function write(text: string, output: string | undefined): void {
  if (output) writeFile(output, text);
  else process.stdout.write(text);
}

/** Writes `file`, failing with one line that names the file and the reason. */
function writeFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new IoError(`cannot write ${file}: ${ioReason(error)}`);
  }
}

class IoError extends Error {}

const IO_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EEXIST: 'it already exists',
};

function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${IO_REASONS[code] ?? (error as Error).message.split(',')[0]} (${code})` : String(error);
}

/** The one-line message of a file-system error (ours or Node's), or undefined for any other error. */
function ioErrorMessage(error: unknown): string | undefined {
  if (error instanceof IoError) return error.message;
  const errno = error as NodeJS.ErrnoException | undefined;
  if (!errno || typeof errno.code !== 'string' || typeof errno.syscall !== 'string') return undefined;
  return `${errno.syscall}${errno.path ? ` ${errno.path}` : ''}: ${ioReason(error)}`;
}

if (isAnalysisWorker()) {
  runAnalysisWorker(() => Engine.create(allRules));
} else if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
