import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point @vscode/test-electron calls inside the extension host: runs every compiled *.test.js
 * beside this file with Mocha's TDD interface, and writes the counts to results.json here, which
 * scripts/e2e.mjs reads for its closing line (the extension host's stdout is only a log).
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  // Plain log lines under CI=true too: `color: false` does not reach the pass/fail symbols, which come pre-coloured from log-symbols.
  Object.assign(Mocha.reporters.Base.symbols, { ok: '✔', err: '✖' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  const resultsFile = path.join(__dirname, 'results.json');
  fs.rmSync(resultsFile, { force: true });
  return new Promise((resolve, reject) => {
    const failures: { title: string; error: string }[] = [];
    const runner = mocha.run((failed) => {
      const stats = runner.stats ?? { passes: 0, failures: failed, pending: 0, tests: 0 };
      fs.writeFileSync(
        resultsFile,
        JSON.stringify({ passed: stats.passes, failed: Math.max(stats.failures, failed), skipped: stats.pending, failures }, null, 2),
      );
      if (failed > 0) reject(new Error(`${failed} e2e test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), error: error?.message ?? String(error) }));
  });
}
