// npm run screenshots: what a user sees, from the packaged extension, in docs/images/.
//  1. packages threatlint.vsix (npm run package) and installs it into a private code-server profile;
//  2. serves examples/booksstore from code-server (the e2e runtime, test/e2e/runtime/install.mjs)
//     and drives the workbench in headless Chromium through playwright-core, with the keyboard;
//  3. saves go-diagnostics.png (a Go file's squiggles and the Problems panel), k8s-quickfix.png
//     (the quick-fix menu on a Kubernetes manifest), hover.png (a finding's hover),
//     threat-model-report.png (the report view beside the Findings tree) and
//     scan-progress.png (the progress notification of "ThreatLint: Scan Workspace", on a
//     workspace of many copies of the example so that the scan lasts long enough to be seen),
//     then presses the notification's Cancel button and waits for the "scan cancelled" summary.
// Every step waits for what it needs on screen (no fixed sleeps) and fails with a message and a
// screenshot of the moment (docs/images/failed-*.png, not committed) when it does not appear.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/runtime/chromium.mjs';
import { ensureRuntime } from '../test/e2e/runtime/install.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const runtime = ensureRuntime({ log: (message) => console.log(`screenshots: ${message}`) });
const codeServer = runtime.codeServer;
const node24 = runtime.nodeBin;
const example = path.join(root, 'examples', 'booksstore');
const images = path.join(root, 'docs', 'images');
const started = Date.now();
const log = (message) => console.log(`screenshots: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

for (const [what, file] of [['Chromium (apt-get install -y chromium)', '/usr/bin/chromium']]) {
  if (!fs.existsSync(file)) {
    console.error(`screenshots: ${what} not found at ${file}`);
    process.exit(1);
  }
}

// 1. The package, installed as a user would.
execFileSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const vsix = path.join(root, 'threatlint.vsix');
log(`packaged ${path.relative(root, vsix)}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir().length <= 24 ? os.tmpdir() : '/tmp', 'threatlint-shots-'));
const env = {
  ...process.env,
  PATH: `${node24}:${process.env.PATH}`,
  TMPDIR: path.join(tmp, 't'),
  XDG_CONFIG_HOME: path.join(tmp, 'xdg'),
  XDG_DATA_HOME: path.join(tmp, 'xdg'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg'),
};
fs.mkdirSync(env.TMPDIR, { recursive: true });
const profile = ['--user-data-dir', path.join(tmp, 'udd'), '--extensions-dir', path.join(tmp, 'exts')];
fs.mkdirSync(path.join(tmp, 'udd', 'User'), { recursive: true });
fs.writeFileSync(
  path.join(tmp, 'udd', 'User', 'settings.json'),
  JSON.stringify({
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.fontSize': 14,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'git.enabled': false,
    'files.autoSave': 'off',
  }),
);
execFileSync(codeServer, [...profile, '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
log('installed into a private code-server profile');

// A workspace big enough for the scan's progress to stay on screen: the example, many times.
const many = path.join(tmp, 'many-services');
for (let i = 1; i <= 150; i++) fs.cpSync(example, path.join(many, `booksstore-${String(i).padStart(3, '0')}`), { recursive: true });

const port = await new Promise((resolve, reject) => {
  const server = net.createServer().once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
// Its own process group, so that stopping it stops the helpers it forks too.
const server = spawn(
  codeServer,
  ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...profile],
  {
    env,
    detached: true,
    stdio: ['ignore', fs.openSync(path.join(tmp, 'code-server.log'), 'w'), fs.openSync(path.join(tmp, 'code-server.log'), 'a')],
  },
);
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  env: { ...env, HOME: tmp },
  args: CHROMIUM_ARGS,
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
const mod = 'Control';

/** Waits for `selector` (optionally holding `text`) to be visible; on failure saves what the screen showed. */
async function waitFor(selector, what, text, timeout = 30_000) {
  const locator = text ? page.locator(selector, { hasText: text }) : page.locator(selector);
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    const shot = path.join(images, `failed-${what.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot });
    throw new Error(`${what} did not appear (screen saved to ${path.relative(root, shot)}): ${error.message.split('\n')[0]}`, { cause: error });
  }
  return locator.first();
}

async function openWorkbench(folder) {
  for (let i = 0; ; i++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
      break;
    } catch (error) {
      if (i > 80) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250)); // code-server still starting
    }
  }
  await waitFor('.monaco-workbench .part.editor', 'the workbench', undefined, 60_000);
  await waitFor('.statusbar-item', 'the ThreatLint status item', 'ThreatLint', 60_000);
}

async function command(label) {
  await page.keyboard.press('F1');
  await waitFor('.quick-input-widget', 'the command palette');
  await page.keyboard.type(label);
  await waitFor('.quick-input-list .monaco-list-row', `the command "${label}"`, label);
  await page.keyboard.press('Enter');
}

async function openFile(relative) {
  await page.keyboard.press(`${mod}+P`);
  await waitFor('.quick-input-widget', 'quick open');
  await page.keyboard.type(relative);
  await waitFor('.quick-input-list .monaco-list-row', `quick open of ${relative}`, path.basename(relative));
  await page.keyboard.press('Enter');
  await waitFor('.tab.active', `the tab of ${relative}`, path.basename(relative));
  await waitFor('.monaco-editor.focused', `the editor of ${relative}`);
}

/** Puts the cursor inside the first `text` (after `after`) of a file of the example, with Go to Line. */
async function goToText(relative, text, after = '') {
  const source = fs.readFileSync(path.join(example, relative), 'utf8');
  const offset = source.indexOf(text, source.indexOf(after)) + 1;
  const lines = source.slice(0, offset).split('\n');
  // Go to Line counts columns as displayed: a tab is 4 of them.
  const column = lines[lines.length - 1].replace(/\t/g, '    ').length + 1;
  await page.keyboard.press(`${mod}+G`);
  await waitFor('.quick-input-widget', 'go to line');
  await page.keyboard.type(`${lines.length}:${column}`);
  await page.keyboard.press('Enter');
}

async function shoot(name) {
  const file = path.join(images, `${name}.png`);
  await page.screenshot({ path: file });
  log(`saved ${path.relative(root, file)}`);
}

try {
  fs.mkdirSync(images, { recursive: true });
  for (const old of fs.readdirSync(images).filter((f) => f.startsWith('failed-'))) fs.rmSync(path.join(images, old));
  await openWorkbench(example);
  log('workbench open on examples/booksstore');

  // A Go file with squiggles, and the Problems panel listing its findings.
  await openFile('api/internal/store/books.go');
  await command('View: Focus Problems');
  await waitFor('.markers-panel .monaco-list-row', 'the Problems panel rows', 'go/sql-string-built');
  await goToText('api/internal/store/books.go', '// DeleteHandler');
  await waitFor('.squiggly-error', 'squiggles in books.go');
  await shoot('go-diagnostics');

  // The hover on a finding: the rule, why, how to fix, the doc link.
  await command('View: Toggle Panel Visibility');
  await openFile('api/internal/auth/jwt.go');
  await goToText('api/internal/auth/jwt.go', 'ParseUnverified(tokenString');
  await waitFor('.squiggly-error', 'squiggles in jwt.go');
  await page.keyboard.press(`${mod}+K`);
  await page.keyboard.press(`${mod}+I`);
  await waitFor('.monaco-hover', 'the hover', 'Rule documentation');
  await shoot('hover');
  await page.keyboard.press('Escape');

  // The threat-model report (a webview: its page is two iframes down) beside the Findings tree.
  await command('ThreatLint: Threat Model Report');
  const reportPage = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  try {
    await reportPage.locator('svg.chart').waitFor({ state: 'visible', timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: path.join(images, 'failed-threat-model-report.png') });
    throw new Error(`the report view did not render its chart: ${error.message.split('\n')[0]}`, { cause: error });
  }
  await page.locator('.activitybar .action-label[aria-label^="ThreatLint"]').first().click({ force: true });
  await waitFor('.monaco-list-row', 'a STRIDE category in the Findings view', 'Tampering');
  await shoot('threat-model-report');
  await page.locator('.activitybar .action-label[aria-label^="Explorer"]').first().click({ force: true });

  // The quick-fix menu on a Kubernetes manifest.
  await openFile('deploy/k8s/postgres.yaml');
  await goToText('deploy/k8s/postgres.yaml', 'true', 'privileged:');
  await waitFor('.squiggly-error', 'squiggles in postgres.yaml');
  await page.keyboard.press(`${mod}+.`);
  await waitFor('.action-widget', 'the quick-fix menu', 'Set privileged: false');
  await shoot('k8s-quickfix');
  await page.keyboard.press('Escape');

  // The scan's progress notification, on a workspace of 150 copies of the example.
  await openWorkbench(many);
  log('workbench open on 150 copies of the example');
  await command('View: Focus Problems');
  await waitFor('.markers-panel', 'the Problems panel');
  await command('ThreatLint: Scan Workspace');
  const toast = await waitFor('.notification-toast', 'the scan progress notification', 'ThreatLint: scanning');
  // Shot once about a third of the files are done: the count, the bar and the Problems panel filling up.
  for (const deadline = Date.now() + 60_000; ;) {
    const [, done, total] = /(\d+) \/ (\d+) files/.exec(await toast.innerText().catch(() => '')) ?? [];
    if (done && Number(done) >= Number(total) / 3) break;
    if (Date.now() > deadline) throw new Error('the scan progress never passed a third of the files');
    await page.waitForTimeout(50);
  }
  await shoot('scan-progress');
  // The notification's Cancel button stops the scan, and the summary says so.
  await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await waitFor('.notification-toast', 'the cancelled scan summary', 'ThreatLint scan cancelled after', 60_000);
  log('the Cancel button stopped the scan');
} finally {
  await browser.close();
  stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
