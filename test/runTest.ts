/**
 * Runs the e2e suite (test/e2e/out, built by scripts/e2e.mjs) in a VS Code extension host with
 * @vscode/test-electron's runTests, on the workspace folder test/e2e/workspace.
 *
 * - VSCODE_EXECUTABLE set (a desktop VS Code): runTests runs it as usual.
 * - Otherwise (this machine and CI: desktop VS Code cannot be downloaded): runTests runs
 *   test/e2e/runtime/code-shim.sh as the "VS Code executable", which serves the same extension
 *   development path and tests from code-server (installed by test/e2e/runtime/install.mjs;
 *   scripts/e2e.mjs passes its paths in E2E_CODE_SERVER and E2E_NODE24_BIN) and drives its
 *   workbench with headless Chromium.
 *
 * A missing runtime is a failure with a message saying what is missing, never a skip.
 * On a failure in the code-server route, the extension host's logs are printed and kept.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..');
const extensionTestsPath = path.join(root, 'test', 'e2e', 'out', 'index.js');
const workspace = path.join(root, 'test', 'e2e', 'workspace');

/** A free loopback port, so that a code-server already listening elsewhere is never the one tested. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function findFiles(dir: string, name: RegExp, found: string[] = []): string[] {
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'chromium' && entry.name !== 'extensions') findFiles(full, name, found);
    else if (entry.isFile() && name.test(entry.name)) found.push(full);
  }
  return found;
}

/** Prints what a failed run's logs say: the extension host's errors and activations, ThreatLint's output, code-server's tail. */
function printLogs(runDir: string): void {
  const noise = /open-vsx\.org|github\.com|ENOTFOUND|socket was left hanging|^\s+at /;
  const pick: [RegExp, (lines: string[]) => string[]][] = [
    [/^server\.log$/, (lines) => lines.slice(-15)],
    [/^remoteexthost\.log$/, (lines) => lines.filter((line) => /\[error\]|threatlint/i.test(line)).slice(-40)],
    [/^ThreatLint.*\.log$/, (lines) => lines.slice(-40)],
  ];
  for (const [name, select] of pick) {
    for (const file of findFiles(runDir, name)) {
      const lines = select(
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.trim() && !noise.test(line)),
      );
      if (lines.length === 0) continue;
      console.error(`\n----- ${path.relative(runDir, file)} -----`);
      console.error(lines.join('\n'));
    }
  }
  console.error(`\ne2e: logs of this run kept in ${runDir}`);
}

async function main(): Promise<void> {
  if (!fs.existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: run scripts/e2e.mjs (npm run test:e2e), which builds it`);
  if (!fs.existsSync(path.join(root, 'client', 'out', 'extension.js'))) throw new Error('client/out/extension.js is missing: run npm run build first');

  const desktop = process.env.VSCODE_EXECUTABLE;
  if (desktop) {
    if (!fs.existsSync(desktop)) throw new Error(`VSCODE_EXECUTABLE=${desktop} does not exist`);
    await runTests({ vscodeExecutablePath: desktop, extensionDevelopmentPath: root, extensionTestsPath, launchArgs: [workspace, '--disable-extensions'] });
    return;
  }

  const runtime = path.join(root, 'test', 'e2e', 'runtime');
  const codeServer = process.env.E2E_CODE_SERVER ?? '';
  const node24 = process.env.E2E_NODE24_BIN ?? '';
  const required: [string, string][] = [
    ['code-server (E2E_CODE_SERVER; npm run test:e2e installs it and sets it)', codeServer],
    ['Node 24 for code-server (E2E_NODE24_BIN; installed with code-server)', path.join(node24, 'node')],
    ['Chromium (apt-get install -y chromium)', '/usr/bin/chromium'],
  ];
  const missing = required.filter(([, file]) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `no VS Code to run the e2e suite in (VSCODE_EXECUTABLE is not set) and the code-server route is incomplete:\n` +
        missing.map(([what, file]) => `  - ${what}: not found at ${file}`).join('\n'),
    );
  }

  // A short base: Chromium's and VS Code's Unix sockets go under it, and a socket path is limited to ~107 bytes.
  const base = os.tmpdir().length <= 24 ? os.tmpdir() : '/tmp';
  const runDir = fs.mkdtempSync(path.join(base, 'threatlint-e2e-'));
  try {
    await runTests({
      vscodeExecutablePath: path.join(runtime, 'code-shim.sh'),
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions'],
      extensionTestsEnv: {
        CODE_SERVER: codeServer,
        NODE24_BIN: node24,
        RUN_TMP: runDir,
        PORT: String(await freePort()),
      },
    });
  } catch (error) {
    printLogs(runDir);
    throw error;
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}

main().then(
  () => console.log('e2e: extension host suite passed'),
  (error: unknown) => {
    console.error(`e2e: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
