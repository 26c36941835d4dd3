import type { ThreatLintConfig } from '../engine/config';
import type { Analyzer, FileOutcome } from './analyzer';

/** Below this many files, starting worker threads (each loads the parsers) costs more than it saves. */
export const POOL_THRESHOLD = 64;

/** Whether a scan of `files` files should go to a worker pool of `parallelism` threads (`forced`: the user asked for jobs). */
export function wantsPool(files: number, parallelism: number, forced = false): boolean {
  return parallelism > 1 && (forced || files >= POOL_THRESHOLD);
}

export interface DispatchOptions<T> {
  config(job: T): ThreatLintConfig;
  /** The project or workspace root of the job's file, when known (test code is judged relative to it). */
  root?(job: T): string | undefined;
  onOutcome(job: T, outcome: FileOutcome, index: number): void;
  /** Checked before each dispatch: when it returns true no further file is sent. */
  isCancelled?: () => boolean;
}

/**
 * The scan loop of the CLI and the server: sends `files` to the analyzer with at most a few per
 * worker in flight, so cancellation stops the work within a few files and memory stays bounded.
 * Resolves when every dispatched file is done, with how many were dispatched.
 */
export function dispatchFiles<T extends { file: string }>(analyzer: Analyzer, jobs: readonly T[], options: DispatchOptions<T>): Promise<number> {
  const window = Math.max(1, analyzer.parallelism) * 8;
  let next = 0;
  let done = 0;
  return new Promise<number>((resolve) => {
    const launch = (): void => {
      while (next < jobs.length && next - done < window && !options.isCancelled?.()) {
        const index = next++;
        const job = jobs[index];
        void analyzer.analyzeFile(job.file, options.config(job), options.root?.(job)).then((outcome) => {
          options.onOutcome(job, outcome, index);
          done++;
          launch();
        });
      }
      if (next === done) resolve(next);
    };
    launch();
  });
}
