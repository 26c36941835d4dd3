import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './fixtures';

/** tsx's loader by absolute URL, so the CLI runs from source in any working directory (temp dirs too). */
const TSX = pathToFileURL(require.resolve('tsx', { paths: [REPO_ROOT] })).href;

/** Runs cli/main.ts from source (no build needed), colour off. */
export function cliFromSource(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'cli', 'main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
