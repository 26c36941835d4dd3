// The VS Code end-to-end suite: installs the code-server runtime when missing (cached in
// CODE_SERVER_HOME), bundles test/e2e/suite, and runs it through test/runTest.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const home = process.env.CODE_SERVER_HOME ?? path.join(os.homedir(), '.cache', 'code-server-runtime');
const realEditor = process.env.REAL_EDITOR_DIR ?? path.resolve(root, '..', 'shared', 'real-editor');

if (!process.env.VSCODE_EXECUTABLE && !fs.existsSync(path.join(home, 'cs', 'node_modules', '.bin', 'code-server'))) {
  console.log(`e2e: installing code-server into ${home} (first run only, ~3 min)`);
  execFileSync('bash', [path.join(realEditor, 'install-code-server.sh'), home], { stdio: 'inherit' });
}

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
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

const started = Date.now();
const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'runTest.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
// Offline noise from the workbench (marketplace lookups, their stacks) is dropped; the rest is the suite's log.
process.stdout.write(run.stdout.split('\n').filter((line) => !/open-vsx\.org|workbench\.js:\d+|github\.com\/login|Creating a socket/.test(line)).join('\n'));
// Mocha's spec reporter lines from the extension host: "✔ name" / "N) name".
const passed = (run.stdout.match(/^\s*(✔|✓)/gm) ?? []).length;
const failed = (run.stdout.match(/^\s*\d+\) /gm) ?? []).length;
console.log(`e2e (${Math.round((Date.now() - started) / 1000)} s): ${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
