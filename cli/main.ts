/**
 * `threatlint` command line: the same engine as the language server, for CI.
 * Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or internal error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { allRules } from '../rules';
import { ConfigError, defaultConfig, findConfigFile, mergeConfig, readConfigFile } from '../rules/core/config';
import { Engine } from '../rules/core/engine';
import { defaultParallelism, InProcessAnalyzer, isAnalysisWorker, runAnalysisWorker, WorkerPool, type Analyzer } from '../rules/core/analyzer';
import { listScanFiles, scanFilesWith } from '../rules/core/scan';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { atOrAbove, type FailOn } from './format/severity';
import { formatText } from './format/text';
import { formatRules } from './format/rules';
import type { ScanReport } from '../rules/core/scan';
import { applyBaseline, changedSince, parseShard, readBaseline, SelectionError } from './selection';

declare const THREATLINT_VERSION: string;
const VERSION = typeof THREATLINT_VERSION === 'string' ? THREATLINT_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  threatlint scan [paths...] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|note|none] [--config FILE]
                  [--changed-since REF] [--shard K/N] [--baseline FILE] [--max-file-size BYTES]
                  [--jobs N] [--stats]
  threatlint rules [--format text|json|markdown]
  threatlint --version | --help

Exit codes: 0 no findings at or above --fail-on (default: warning), 1 findings, 2 usage or internal error.`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof SelectionError) {
      process.stderr.write(`threatlint: ${error.message}\n`);
      if (error instanceof UsageError) process.stderr.write(`Run "threatlint --help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`threatlint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
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
      },
    });
  } catch (error) {
    // Node's parser appends advice about `--` that does not apply to threatlint: keep the first sentence.
    throw new UsageError((error as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '.'));
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
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"; use scan or rules`);

  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown --format "${format}"; use text, json or sarif`);
  const failOn = (values['fail-on'] ?? 'warning') as FailOn;
  if (!['error', 'warning', 'note', 'none'].includes(failOn)) throw new UsageError(`unknown --fail-on "${failOn}"; use error, warning, note or none`);
  const paths = rest.length > 0 ? rest : ['.'];
  const baseDir = process.cwd();
  for (const p of paths) {
    if (!fs.existsSync(path.resolve(baseDir, p))) throw new UsageError(`path not found: ${p}`);
  }
  const configFile = values.config ?? findConfigFile(baseDir);
  if (values.config && !fs.existsSync(values.config)) throw new UsageError(`config file not found: ${values.config}`);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : Number(values['max-file-size']);
  if (maxFileSize !== undefined && !(maxFileSize > 0)) throw new UsageError(`--max-file-size must be a positive number of bytes`);
  const config = mergeConfig(defaultConfig(), configFile ? readConfigFile(configFile) : {}, { maxFileSize });

  const inShard = values.shard ? parseShard(values.shard) : undefined;
  const changed = values['changed-since'] ? changedSince(values['changed-since'], baseDir) : undefined;
  const baseline = values.baseline ? readBaseline(values.baseline) : undefined;
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs must be a whole number >= 1`);
  const include = (relativePath: string, absolute: string) => (!inShard || inShard(relativePath)) && (!changed || changed.has(absolute));
  const started = performance.now();
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
  if (baseline && values.baseline) applyBaseline(report, baseline, values.baseline);
  const color = values['no-color'] ? false : (values.color ?? (!values.output && process.stdout.isTTY === true && !process.env.NO_COLOR));
  const output =
    format === 'sarif'
      ? formatSarif(report, { rules: allRules, version: VERSION, baseDir })
      : format === 'json'
        ? formatJson(report)
        : formatText(report, { color });
  write(output, values.output);
  if (values.output && format !== 'text') {
    process.stderr.write(formatText({ files: report.files, skipped: [] }, { color: false }).trim().split('\n').pop() + `; wrote ${values.output}\n`);
  }
  if (values.stats) writeStats(report, analyzer.parallelism, performance.now() - started);
  const failing = report.files.some((f) => f.result.findings.some((x) => !x.suppression && atOrAbove(x.severity, failOn)));
  return failing ? 1 : 0;
}

/** Below this many files, starting worker threads (each loads the parsers) costs more than it saves. */
const POOL_THRESHOLD = 200;

async function createAnalyzer(jobs: number | undefined, files: number): Promise<Analyzer> {
  const parallelism = Math.min(jobs ?? defaultParallelism(), Math.max(1, files));
  if (parallelism > 1 && (jobs !== undefined || files >= POOL_THRESHOLD)) return new WorkerPool(__filename, parallelism);
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
  if (output) fs.writeFileSync(output, text);
  else process.stdout.write(text);
}

if (isAnalysisWorker()) {
  runAnalysisWorker(() => Engine.create(allRules));
} else if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
