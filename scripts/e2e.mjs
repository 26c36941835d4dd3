// The VS Code end-to-end suite (npm run test:e2e):
//  1. makes sure the suite's VS Code is installed and complete: Node 24 + code-server from the npm
//     registry, installed, verified and repaired by test/e2e/runtime/install.mjs into
//     ${XDG_CACHE_HOME:-~/.cache}/threatlint/e2e-runtime/ (CODE_SERVER_HOME overrides); the first
//     run on a machine takes ~3 min, later runs only verify;
//  2. bundles test/e2e/suite/*.ts into CommonJS test/e2e/out/ (vscode and mocha external);
//  3. runs test/runTest.ts (@vscode/test-electron's runTests) and closes with "e2e: N passed, N failed".
// With VSCODE_EXECUTABLE set (a desktop VS Code), step 1 is skipped and the suite runs there.
// Exit code: 0 only if the extension host ran at least one test and none failed.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as esbuild from 'esbuild';
import { ensureRuntime } from '../test/e2e/runtime/install.mjs';

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`e2e: ${message}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

// 1. The runtime.
const runtimeEnv = {};
if (!process.env.VSCODE_EXECUTABLE) {
  try {
    const runtime = ensureRuntime();
    Object.assign(runtimeEnv, { E2E_CODE_SERVER: runtime.codeServer, E2E_NODE24_BIN: runtime.nodeBin });
  } catch (error) {
    fail(`the e2e runtime could not be installed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// 2. The suite, as plain CommonJS for the extension host.
const suite = path.join(root, 'test', 'e2e', 'suite');
const out = path.join(root, 'test', 'e2e', 'out');
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: fs
    .readdirSync(suite)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(suite, f)),
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
  env: { ...process.env, ...runtimeEnv },
  stdio: ['ignore', 'pipe', 'pipe'],
});
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  if (!noise.test(line)) console.log(line);
});
readline.createInterface({ input: child.stderr }).on('line', (line) => {
  if (!noise.test(line)) console.error(line);
});
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
if (unfinished)
  console.error(`e2e: the extension host was stopped before the suite finished (after ${results.passed + results.failed} tests): the runner's time limit`);
const ok = status === 0 && results.failed === 0 && results.passed > 0 && !unfinished;
if (status === 0 && results.passed === 0) console.error('e2e: no test ran');
console.log(`e2e: ran in ${seconds()}`);
// A run that failed with every test passing (a crash after the suite, no test at all) still counts one failure.
const failed = ok ? 0 : Math.max(results.failed, 1);
console.log(`e2e: ${results.passed} passed, ${failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
