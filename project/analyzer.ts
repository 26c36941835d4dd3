import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ThreatLintConfig } from '../engine/config';
import type { AnalysisResult, Engine } from '../engine/engine';

/** What analysing one file on disk gave: its text and result, or why it was skipped. */
export interface FileOutcome {
  file: string;
  text?: string;
  result?: AnalysisResult;
  skipped?: string;
  /** The stat the text was read under, so callers can tell later whether the file changed. */
  mtimeMs?: number;
  size?: number;
}

/** Reads and analyses files; in this thread or in a pool of worker threads. */
export interface Analyzer {
  /** How many files it analyses at once. */
  readonly parallelism: number;
  /** `root`: the project or workspace root the file belongs to (test code is judged on the path relative to it). */
  analyzeFile(file: string, config: ThreatLintConfig, root?: string): Promise<FileOutcome>;
  close(): Promise<void>;
}

/**
 * A file as every analysis reads it (the scan, the worker pool, the server's actions on files
 * that are not open): its text, or why it is not analysed. Never throws.
 */
export function readSourceFile(file: string, maxFileSize: number): Omit<FileOutcome, 'result'> {
  try {
    const stat = fs.statSync(file);
    const base = { file, mtimeMs: stat.mtimeMs, size: stat.size };
    if (!stat.isFile()) return { ...base, skipped: 'not a regular file' };
    if (stat.size > maxFileSize) return { ...base, skipped: `larger than maxFileSize (${stat.size} > ${maxFileSize} bytes)` };
    const buffer = fs.readFileSync(file);
    if (buffer.subarray(0, 8192).includes(0)) return { ...base, skipped: 'binary (contains NUL bytes)' };
    return { ...base, text: buffer.toString('utf8') };
  } catch (error) {
    return { file, skipped: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
}

/** Reads one file (size limit, binary check) and analyses it. Never throws. */
export function analyzeFileSync(engine: Engine, file: string, config: ThreatLintConfig, root?: string): FileOutcome {
  const source = readSourceFile(file, config.maxFileSize);
  if (source.text === undefined) return source;
  try {
    return { ...source, result: engine.analyze({ path: file, text: source.text, root }, config) };
  } catch (error) {
    return { file, skipped: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
}

/** Analyses on the calling thread, yielding to the event loop between files so a server stays responsive. */
export class InProcessAnalyzer implements Analyzer {
  readonly parallelism = 1;
  constructor(private readonly engine: Engine) {}

  async analyzeFile(file: string, config: ThreatLintConfig, root?: string): Promise<FileOutcome> {
    await new Promise((resolve) => setImmediate(resolve));
    return analyzeFileSync(this.engine, file, config, root);
  }

  async close(): Promise<void> {}
}

const WORKER_ROLE = 'threatlint-analysis-worker';
/** Jobs queued on one worker at once: enough to hide message latency, few enough to balance the load. */
const IN_FLIGHT_PER_WORKER = 4;

interface Job {
  id: number;
  file: string;
  config: ThreatLintConfig;
  root?: string;
  resolve(outcome: FileOutcome): void;
}

interface PoolWorker {
  worker: Worker;
  jobs: Map<number, Job>;
}

/** Workers the machine can run in parallel (at least 1). */
export function defaultParallelism(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * A pool of worker threads, each with its own engine (parsers and rules load once per worker).
 * `script` is a bundle whose entry calls `runAnalysisWorker` when `isAnalysisWorker()`; the
 * server and the CLI pass their own file. A worker that dies fails its jobs as skipped files
 * and is replaced; the pool never throws at its caller. Idle workers exit after `idleMs`.
 */
export class WorkerPool implements Analyzer {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly script: string,
    readonly parallelism: number = defaultParallelism(),
    private readonly idleMs = 30_000,
  ) {}

  analyzeFile(file: string, config: ThreatLintConfig, root?: string): Promise<FileOutcome> {
    if (this.closed) return Promise.resolve({ file, skipped: 'analysis pool closed' });
    clearTimeout(this.idleTimer);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, config, root, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.resolve({ file: job.file, skipped: 'analysis pool closed' });
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }

  private pump(): void {
    while (this.workers.length < this.parallelism && this.queue.length > this.workers.length * IN_FLIGHT_PER_WORKER) this.spawn();
    for (const slot of this.workers) {
      while (slot.jobs.size < IN_FLIGHT_PER_WORKER && this.queue.length > 0) {
        const job = this.queue.shift() as Job;
        slot.jobs.set(job.id, job);
        slot.worker.postMessage({ id: job.id, file: job.file, config: job.config, root: job.root });
      }
    }
    if (this.queue.length === 0 && this.workers.every((w) => w.jobs.size === 0)) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => void this.shrink(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private spawn(): void {
    const worker = new Worker(this.script, { workerData: { role: WORKER_ROLE } });
    const slot: PoolWorker = { worker, jobs: new Map() };
    worker.on('message', (message: { id: number; outcome: FileOutcome }) => {
      const job = slot.jobs.get(message.id);
      slot.jobs.delete(message.id);
      job?.resolve(message.outcome);
      this.pump();
    });
    const fail = (reason: string) => {
      const index = this.workers.indexOf(slot);
      if (index < 0) return;
      this.workers.splice(index, 1);
      for (const job of slot.jobs.values()) job.resolve({ file: job.file, skipped: reason });
      slot.jobs.clear();
      void worker.terminate();
      if (!this.closed) this.pump();
    };
    worker.on('error', (error) => fail(`analysis worker failed: ${error.message}`));
    worker.on('exit', (code) => fail(`analysis worker exited (${code})`));
    this.workers.push(slot);
  }

  private async shrink(): Promise<void> {
    if (this.queue.length > 0 || this.workers.some((w) => w.jobs.size > 0)) return;
    const idle = this.workers.splice(0);
    await Promise.all(idle.map((w) => w.worker.terminate()));
  }
}

/** True inside a thread started by a WorkerPool. */
export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE;
}

/** The worker side: one engine per thread, then analyse each file the pool sends. */
export function runAnalysisWorker(createEngine: () => Promise<Engine>): void {
  const port = parentPort;
  if (!port) return;
  const engine = createEngine();
  port.on('message', (job: { id: number; file: string; config: ThreatLintConfig; root?: string }) => {
    void engine.then(
      (ready) => port.postMessage({ id: job.id, outcome: analyzeFileSync(ready, job.file, job.config, job.root) }),
      (error: unknown) => port.postMessage({ id: job.id, outcome: { file: job.file, skipped: `engine failed to start: ${String(error)}` } }),
    );
  });
}
