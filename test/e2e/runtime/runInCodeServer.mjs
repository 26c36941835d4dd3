// Runs an extension's test suite inside code-server's extension host, with headless Chromium
// driving the workbench: the same extension host desktop VS Code uses for remote workspaces.
//
//   node runInCodeServer.mjs <extensionDevelopmentPath> <extensionTestsPath> <workspaceFolder>
//
// Started by code-shim.sh, which @vscode/test-electron's runTests() takes for the VS Code
// executable. Environment (set by test/runTest.ts): CODE_SERVER and NODE24_BIN (from install.mjs),
// PORT (a free loopback port), RUN_TMP (where this run's profile, logs and sockets go; kept for
// the caller to read on a failure), E2E_TIMEOUT_MS (default 180000).
// Exit code 0 only when the suite's run() resolved; 1 when it rejected or timed out; 2 when the
// workbench could not be started.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [extensionDevelopmentPath, extensionTestsPath, folder] = process.argv.slice(2).map((p) => path.resolve(p));
const host = `127.0.0.1:${Number(process.env.PORT ?? 8090)}`;
const timeout = Number(process.env.E2E_TIMEOUT_MS ?? 180_000);
const runDir = fs.mkdtempSync(path.join(process.env.RUN_TMP ?? os.tmpdir(), 'cs-'));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

// Everything code-server and Chromium write (profile, sockets, caches) stays in this run's folder.
const privateDirs = {
  TMPDIR: path.join(runDir, 'tmp'),
  XDG_CONFIG_HOME: path.join(runDir, 'xdg'),
  XDG_DATA_HOME: path.join(runDir, 'xdg'),
  XDG_CACHE_HOME: path.join(runDir, 'xdg'),
};
for (const dir of Object.values(privateDirs)) fs.mkdirSync(dir, { recursive: true });
const userData = path.join(runDir, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'chat.disableAIFeatures': true, // no agent host processes
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'git.enabled': false,
  }),
);

const serverLog = fs.openSync(path.join(runDir, 'server.log'), 'w');
const server = spawn(
  process.env.CODE_SERVER,
  [
    '--bind-addr',
    host,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    // The built workbench honours the test payload (extensionDevelopmentPath/TestsPath) only with the smoke-test driver.
    '--vscode-option',
    'enable-smoke-test-driver',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    path.join(runDir, 'extensions'),
  ],
  // Its own process group: code-server forks helpers that outlive a plain kill of the parent.
  {
    env: { ...process.env, ...privateDirs, PATH: `${process.env.NODE24_BIN}${path.delimiter}${process.env.PATH}` },
    detached: true,
    stdio: ['ignore', serverLog, serverLog],
  },
);
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);

const healthy = () => new Promise((resolve) => http.get(`http://${host}/healthz`, (res) => resolve(res.statusCode === 200)).on('error', () => resolve(false)));

async function main() {
  for (let i = 0; i < 240 && !(await healthy()); i++) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode} before it served (log: ${path.join(runDir, 'server.log')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!(await healthy())) throw new Error(`code-server did not answer on ${host} within 60 s (log: ${path.join(runDir, 'server.log')})`);
  console.log(`code-server up after ${elapsed()}`);

  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await chromium.launchPersistentContext(path.join(runDir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, ...privateDirs, HOME: runDir },
    args: CHROMIUM_ARGS,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const exitCode = new Promise((resolve) => {
    // The smoke-test driver reports the extension host's log and the suite's result through these.
    void page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = util.format(...args);
      if (!/^\[(AgentHost|ChatModelSelection|AccountPolicyGate)/.test(line)) console.log(line);
    });
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  await page.goto(url);
  const code = await Promise.race([exitCode, new Promise((resolve) => setTimeout(() => resolve('timeout'), timeout))]);
  console.log(`extension tests exit code: ${code} after ${elapsed()}`);
  await browser.close();
  return code === 0 ? 0 : 1;
}

main().then(
  (status) => {
    stopServer();
    process.exit(status);
  },
  (error) => {
    console.error(`runInCodeServer: ${error instanceof Error ? error.message : String(error)}`);
    stopServer();
    process.exit(2);
  },
);
