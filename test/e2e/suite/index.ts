import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * Entry point @vscode/test-electron calls inside the extension host: runs every compiled *.test.js
 * beside this file with Mocha's TDD interface, and writes the counts to results.json here, which
 * scripts/e2e.mjs reads for its closing line (the extension host's stdout is only a log).
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  // Plain log lines under CI=true too: `color: false` does not reach the pass/fail symbols, which come pre-coloured from log-symbols.
  Object.assign(Mocha.reporters.Base.symbols, { ok: '✔', err: '✖' });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, file));
  const resultsFile = path.join(__dirname, 'results.json');
  fs.rmSync(resultsFile, { force: true });
  // The language server is up before the first test: tests wait for results, not for startup.
  await vscode.extensions.getExtension('threatlint.threatlint')?.activate();
  return new Promise((resolve, reject) => {
    const failures: { title: string; error: string }[] = [];
    const counts = { passed: 0, failed: 0, skipped: 0 };
    // Written after every test too: when the runner stops the host early (its time limit), the
    // tests that did run, and which failed, are still known.
    const write = (finished: boolean) => fs.writeFileSync(resultsFile, JSON.stringify({ ...counts, finished, failures }, null, 2));
    const runner = mocha.run((failed) => {
      counts.failed = Math.max(counts.failed, failed);
      write(true);
      if (failed > 0) reject(new Error(`${failed} e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => {
      counts.passed++;
      write(false);
    });
    runner.on('pending', () => {
      counts.skipped++;
      write(false);
    });
    runner.on('fail', (test, error: Error) => {
      counts.failed++;
      failures.push({ title: test.fullTitle(), error: error?.message ?? String(error) });
      write(false);
    });
  });
}
