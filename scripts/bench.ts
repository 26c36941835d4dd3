/**
 * `npm run bench`: as-you-type latency over the real server, scan throughput against the
 * parse-only floor, peers on the same files, and cold start — one run, this machine. Prints a
 * table and writes bench/results.json. A benchmark, not a test: nothing here fails the build.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules } from '../rules';
import { defaultConfig } from '../engine/config';
import { Engine } from '../engine/engine';
import { dockerfile, goService, k8sManifest, tsService, writeCorpus } from './bench/corpus';
import { initialize, measureTyping, percentile, startServer, type Latency } from './bench/latency';
import { anyStatus, dockerfilelintArgs, dockerfileUtilsArgs, ensurePeers, eslintArgs, timeProcess } from './bench/peers';

const REPO = path.resolve(__dirname, '..');
const SERVER = path.join(REPO, 'server', 'out', 'server.js');
const CLI = path.join(REPO, 'bin', 'threatlint.js');
const CORPUS_FILES = Number(process.env.BENCH_FILES ?? 5000);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);

interface ScanStats {
  files: number;
  bytes: number;
  workers: number;
  elapsedMs: number;
  peakRssMb: number;
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Runs the CLI with `--stats` and returns its stats line plus wall-clock time. */
function cliScan(paths: string[], jobs: number | undefined, cwd: string): ScanStats & { wallMs: number } {
  const args = [CLI, 'scan', ...paths, '--format', 'json', '--output', os.devNull, '--fail-on', 'none', '--stats', ...(jobs ? ['--jobs', String(jobs)] : [])];
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: '1' } });
  const wallMs = performance.now() - started;
  const line = run.stderr.split('\n').find((l) => l.startsWith('threatlint stats: '));
  if (run.status !== 0 || !line) throw new Error(`threatlint scan failed (${run.status}): ${run.stderr.slice(0, 500)}`);
  return { ...(JSON.parse(line.slice('threatlint stats: '.length)) as ScanStats), wallMs };
}

/** Engine time over in-memory files, one thread: with every rule, and with none (the parse floor). */
async function floor(files: string[]): Promise<{ rulesMs: number; parseMs: number }> {
  const inputs = files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  const config = defaultConfig();
  const time = (engine: Engine) => {
    for (const input of inputs.slice(0, 200)) engine.analyze(input, config); // warm up the JIT
    const started = performance.now();
    for (const input of inputs) engine.analyze(input, config);
    return performance.now() - started;
  };
  const full = await Engine.create(allRules);
  const parseOnly = await Engine.create([]);
  // Interleave twice and keep the best of each so machine noise does not pick the ratio.
  const rulesMs = Math.min(time(full), time(full));
  const parseMs = Math.min(time(parseOnly), time(parseOnly));
  return { rulesMs, parseMs };
}

async function coldStart(dir: string, runs: number): Promise<{ initializeMs: number; firstDiagnosticsMs: number }> {
  const init: number[] = [];
  const first: number[] = [];
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, 'FROM node:latest\nRUN npm ci\nCMD ["node", "server.js"]\n');
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const client = startServer(SERVER);
    await initialize(client, dir);
    init.push(performance.now() - started);
    const uri = pathToFileURL(file).href;
    const published = client.waitFor<{ uri: string }>('textDocument/publishDiagnostics', (p) => p.uri === uri, 30_000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: fs.readFileSync(file, 'utf8') } });
    await published;
    first.push(performance.now() - started);
    await client.shutdown();
  }
  return { initializeMs: percentile(init, 50), firstDiagnosticsMs: percentile(first, 50) };
}

function ratio(peerMs: number, oursMs: number): number {
  return Math.round((peerMs / oursMs) * 100) / 100;
}

async function main(): Promise<void> {
  for (const built of [SERVER, CLI]) if (!fs.existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-bench-'));
  const corpus = path.join(work, 'corpus');
  const typing = path.join(work, 'typing');
  fs.mkdirSync(typing, { recursive: true });
  try {
    log(`writing a ${CORPUS_FILES}-file corpus to ${corpus}`);
    const files = writeCorpus(corpus, REPO, CORPUS_FILES);

    log('cold start (5 runs)');
    const cold = await coldStart(typing, 5);

    log(`as-you-type latency (${EDITS} edits per file)`);
    const inputs: [key: string, name: string, languageId: string, text: string][] = [
      ['go', 'handlers.go', 'go', goService(2000)],
      ['ts', 'routes.ts', 'typescript', tsService(2000)],
      ['k8s', 'deploy.yaml', 'yaml', k8sManifest(600)],
      ['dockerfile', 'Dockerfile', 'dockerfile', dockerfile(150)],
    ];
    const latency: Record<string, Latency> = {};
    const client = startServer(SERVER);
    await initialize(client, typing);
    for (const [key, name, languageId, text] of inputs) {
      const file = path.join(typing, name);
      fs.writeFileSync(file, text);
      latency[key] = await measureTyping(client, file, languageId, text, EDITS);
    }
    await client.shutdown();

    log('scan throughput: 1 worker, then all cores');
    const cores = os.availableParallelism();
    const one = cliScan([corpus], 1, work);
    const all = cliScan([corpus], cores, work);

    log('parse-only floor (in-process, one thread)');
    const corpusFiles = listFiles(corpus);
    const engineTimes = await floor(corpusFiles);

    log('peers on the same files');
    const peers: Record<string, { peerMs: number; oursMs: number; ratio: number; files: number; note?: string } | { skipped: string }> = {};
    const peerInstall = ensurePeers();
    const tsFolders = fs
      .readdirSync(corpus)
      .map((d) => path.join(corpus, d, 'ts'))
      .filter((d) => fs.existsSync(d));
    const dockerFiles = corpusFiles.filter((f) => path.basename(f).startsWith('Dockerfile'));
    const tsCount = tsFolders.reduce((n, d) => n + fs.readdirSync(d).length, 0);
    if (peerInstall) {
      peers.eslint = { skipped: peerInstall };
    } else {
      const ours = cliScan(tsFolders, undefined, work).wallMs;
      for (const [name, concurrency] of [
        ['eslint', 'off'],
        ['eslintConcurrent', 'auto'],
      ] as const) {
        try {
          const { args, cwd } = eslintArgs(tsFolders, concurrency, work);
          const peerMs = timeProcess(process.execPath, args, cwd);
          peers[name] = {
            peerMs: Math.round(peerMs),
            oursMs: Math.round(ours),
            ratio: ratio(peerMs, ours),
            files: tsCount,
            note: `eslint-plugin-security recommended + @typescript-eslint/parser, --concurrency ${concurrency}`,
          };
        } catch (error) {
          peers[name] = { skipped: (error as Error).message.split('\n')[0] };
        }
      }
      const oursDocker = cliScan(dockerFiles, undefined, work).wallMs;
      for (const [name, make] of [
        ['dockerfilelint', dockerfilelintArgs],
        ['dockerfileUtils', dockerfileUtilsArgs],
      ] as const) {
        try {
          const { args, cwd } = make(dockerFiles);
          const peerMs = timeProcess(process.execPath, args, cwd, anyStatus);
          peers[name] = { peerMs: Math.round(peerMs), oursMs: Math.round(oursDocker), ratio: ratio(peerMs, oursDocker), files: dockerFiles.length };
        } catch (error) {
          peers[name] = { skipped: (error as Error).message.split('\n')[0] };
        }
      }
    }

    const mb = one.bytes / 1024 / 1024;
    const results = {
      machine: { cpus: cores, node: process.version, platform: `${os.platform()} ${os.arch()}` },
      latency,
      scan: {
        files: one.files,
        written: files,
        bytes: one.bytes,
        filesPerSec1: Math.round(one.files / (one.elapsedMs / 1000)),
        filesPerSecAll: Math.round(all.files / (all.elapsedMs / 1000)),
        mbPerSec1: Math.round((mb / (one.elapsedMs / 1000)) * 100) / 100,
        mbPerSecAll: Math.round((mb / (all.elapsedMs / 1000)) * 100) / 100,
        elapsedMs1: one.elapsedMs,
        elapsedMsAll: all.elapsedMs,
        workersAll: all.workers,
        speedupAll: Math.round((one.elapsedMs / all.elapsedMs) * 100) / 100,
        peakRssMb: Math.max(one.peakRssMb, all.peakRssMb),
        engineMs: Math.round(engineTimes.rulesMs),
        parseOnlyMs: Math.round(engineTimes.parseMs),
        parseFloorRatio: Math.round((engineTimes.rulesMs / engineTimes.parseMs) * 100) / 100,
      },
      peers,
      coldStartMs: Math.round(cold.firstDiagnosticsMs),
      coldStartInitializeMs: Math.round(cold.initializeMs),
    };
    fs.mkdirSync(path.join(REPO, 'bench'), { recursive: true });
    fs.writeFileSync(path.join(REPO, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    printTable(results);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function printTable(r: {
  latency: Record<string, Latency>;
  scan: Record<string, number>;
  peers: Record<string, { ratio: number; peerMs: number; oursMs: number; files: number } | { skipped: string }>;
  coldStartMs: number;
  coldStartInitializeMs: number;
}): void {
  const rows: string[][] = [['measure', 'value', 'target']];
  for (const [key, l] of Object.entries(r.latency)) {
    const target = key === 'go' || key === 'ts' ? 10 : 5;
    rows.push([`typing ${key} (${l.lines} lines): round trip p50 / p95`, `${l.p50Ms} / ${l.p95Ms} ms`, '']);
    rows.push([`typing ${key}: server compute p95`, `${l.computeP95Ms} ms`, `<= ${target} ms ${l.computeP95Ms <= target ? 'met' : 'MISSED'}`]);
  }
  const s = r.scan;
  rows.push([`scan ${s.files} files, ${(s.bytes / 1024 / 1024).toFixed(1)} MB, 1 worker`, `${s.filesPerSec1} files/s, ${s.mbPerSec1} MB/s`, '']);
  rows.push([`scan, ${s.workersAll} workers`, `${s.filesPerSecAll} files/s (x${s.speedupAll})`, `>= x1.7 ${s.speedupAll >= 1.7 ? 'met' : 'MISSED'}`]);
  rows.push(['scan / parse-only floor', `x${s.parseFloorRatio}`, `<= x1.5 ${s.parseFloorRatio <= 1.5 ? 'met' : 'MISSED'}`]);
  rows.push(['peak RSS', `${s.peakRssMb} MB`, `<= 300 MB ${s.peakRssMb <= 300 ? 'met' : 'MISSED'}`]);
  for (const [name, p] of Object.entries(r.peers)) {
    if ('skipped' in p) rows.push([`peer ${name}`, `skipped: ${p.skipped}`, '']);
    else
      rows.push([
        `peer ${name} (${p.files} files): peer / ours`,
        `${p.peerMs} / ${p.oursMs} ms = x${p.ratio}`,
        name.startsWith('eslint') ? `>= x5 ${p.ratio >= 5 ? 'met' : 'MISSED'}` : '',
      ]);
  }
  rows.push([
    'cold start: initialize / first diagnostics',
    `${r.coldStartInitializeMs} / ${r.coldStartMs} ms`,
    `<= 500 ms ${r.coldStartMs <= 500 ? 'met' : 'MISSED'}`,
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    process.stdout.write(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd() + '\n',
    );
    if (i === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  }
  process.stdout.write('wrote bench/results.json\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
