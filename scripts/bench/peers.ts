/**
 * Peer linters on the same files, installed from the npm registry into a cache folder outside
 * the repository (never a dependency of ThreatLint). A peer that cannot be installed or run is
 * reported as skipped with the reason, never as a failure of the benchmark.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PEERS_DIR = path.join(os.homedir(), '.cache', 'threatlint-bench', 'peers');
const PACKAGES = ['eslint@10', 'eslint-plugin-security@4', '@typescript-eslint/parser@8', 'typescript@5', 'dockerfile-utils@0.16', 'dockerfilelint@1'];

export function ensurePeers(): string | undefined {
  if (fs.existsSync(path.join(PEERS_DIR, 'node_modules', 'eslint-plugin-security')) && fs.existsSync(path.join(PEERS_DIR, 'node_modules', 'dockerfilelint')))
    return undefined;
  try {
    fs.mkdirSync(PEERS_DIR, { recursive: true });
    if (!fs.existsSync(path.join(PEERS_DIR, 'package.json')))
      fs.writeFileSync(path.join(PEERS_DIR, 'package.json'), '{"name":"threatlint-bench-peers","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts', ...PACKAGES], { cwd: PEERS_DIR, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `npm install of peers failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Wall-clock milliseconds of a process; a non-zero exit from a linter that found problems is fine. */
export function timeProcess(command: string, args: string[], cwd: string, findingsStatus: (status: number) => boolean = (s) => s === 1): number {
  const started = performance.now();
  try {
    execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === undefined || !findingsStatus(status))
      throw new Error(`${path.basename(args[0] ?? command)} exited with ${status}: ${String((error as { stderr?: Buffer }).stderr ?? '').slice(0, 300)}`, {
        cause: error,
      });
  }
  return performance.now() - started;
}

/** ESLint (flat config) with eslint-plugin-security's recommended rules and the TS parser. */
export function eslintArgs(folders: string[], concurrency: 'off' | 'auto', baseDir: string): { args: string[]; cwd: string } {
  // Flat config only lints files under its own folder: it lives beside the corpus and loads
  // the plugins from the peers' cache.
  const config = path.join(baseDir, 'eslint.config.mjs');
  fs.writeFileSync(
    config,
    [
      "import { createRequire } from 'node:module';",
      `const require = createRequire(${JSON.stringify(path.join(PEERS_DIR, 'package.json'))});`,
      "const security = require('eslint-plugin-security');",
      "const tsParser = require('@typescript-eslint/parser');",
      'export default [',
      "  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },",
      "  { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], ...security.configs.recommended },",
      '];',
      '',
    ].join('\n'),
  );
  return {
    cwd: baseDir,
    args: [
      path.join(PEERS_DIR, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--config',
      config,
      '--no-warn-ignored',
      '--format',
      'json',
      '--output-file',
      os.devNull,
      '--concurrency',
      concurrency,
      ...folders,
    ],
  };
}

export function dockerfilelintArgs(files: string[]): { args: string[]; cwd: string } {
  return { cwd: PEERS_DIR, args: [path.join(PEERS_DIR, 'node_modules', 'dockerfilelint', 'bin', 'dockerfilelint'), '-j', ...files] };
}

/** dockerfilelint exits with its number of problems. */
export const anyStatus = (): boolean => true;

/** dockerfile-utils' CLI lints one file per process; its library API in one process is the fair comparison. */
export function dockerfileUtilsArgs(files: string[]): { args: string[]; cwd: string } {
  const script = path.join(PEERS_DIR, 'dockerfile-utils.bench.cjs');
  fs.writeFileSync(
    script,
    [
      "const fs = require('fs');",
      "const { validate } = require('dockerfile-utils');",
      "const files = fs.readFileSync(process.argv[2], 'utf8').split('\\n').filter(Boolean);",
      'let problems = 0;',
      "for (const f of files) problems += validate(fs.readFileSync(f, 'utf8')).length;",
      "process.stdout.write(String(problems) + '\\n');",
      '',
    ].join('\n'),
  );
  const list = path.join(PEERS_DIR, 'dockerfiles.txt');
  fs.writeFileSync(list, files.join('\n'));
  return { cwd: PEERS_DIR, args: [script, list] };
}
