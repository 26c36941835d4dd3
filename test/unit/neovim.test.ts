/**
 * A second real editor: headless Neovim's built-in LSP client runs the shipped server
 * (server/out/server.js --stdio) on files of the e2e workspace, and the diagnostics, code actions,
 * hover and re-analysis of an unsaved edit it receives are checked.
 * Without `nvim` on PATH the test is skipped with a message, except under CI, where it fails
 * (.ci/run installs Debian's neovim).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRule } from '../../rules';
import { REPO_ROOT } from '../support/fixtures';

const SERVER = path.join(REPO_ROOT, 'server', 'out', 'server.js');
const SCRIPT = path.join(REPO_ROOT, 'test', 'support', 'nvim-lsp-client.lua');
const WORKSPACE = path.join(REPO_ROOT, 'test', 'e2e', 'workspace');

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface LspDiagnostic {
  range: LspRange;
  severity: number;
  code: string;
  source: string;
  message: string;
  codeDescription?: { href: string };
}
interface Session {
  errors: string[];
  diagnostics?: LspDiagnostic[];
  codeActions?: { title: string; isPreferred?: boolean; edit?: unknown; command?: { command: string } }[];
  hover?: string;
  afterEdit?: LspDiagnostic[] | null;
  showDocument?: { uri: string; takeFocus?: boolean };
  modified?: boolean;
}

const nvimVersion = (() => {
  // Even `--version` creates ~/.cache/nvim/log: give it a throwaway cache.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-nvim-probe-'));
  try {
    const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, XDG_STATE_HOME: cache } });
    return probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
})();
const skip = nvimVersion || process.env.CI ? false : 'nvim not found on PATH (apt-get install -y neovim); the Neovim LSP test is skipped';

function runNeovim(relative: string, filetype: string, edit?: { from: string; to: string }): Session {
  assert.ok(nvimVersion, 'nvim is required under CI (apt-get install -y neovim)');
  assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-nvim-'));
  const out = path.join(tmp, 'result.json');
  try {
    // Neovim writes its log, shada and state under the XDG folders: keep them out of $HOME.
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${SCRIPT}`], {
      encoding: 'utf8',
      timeout: 40_000,
      env: {
        ...process.env,
        XDG_CACHE_HOME: tmp,
        XDG_STATE_HOME: tmp,
        XDG_DATA_HOME: tmp,
        XDG_CONFIG_HOME: tmp,
        LSP_FILE: path.join(WORKSPACE, relative),
        LSP_FT: filetype,
        LSP_ROOT: WORKSPACE,
        LSP_CMD: `${process.execPath} ${SERVER} --stdio`,
        LSP_OUT: out,
        ...(edit ? { EDIT_FROM: edit.from, EDIT_TO: edit.to } : {}),
      },
    });
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${run.status}, signal ${run.signal}): ${run.stdout}${run.stderr}`);
    const session = JSON.parse(fs.readFileSync(out, 'utf8')) as Session;
    assert.deepEqual(session.errors, []);
    return session;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `[line, char, line, char]` of the first `text` (after `after`) in a workspace file. */
function rangeIn(relative: string, text: string, after = ''): [number, number, number, number] {
  const source = fs.readFileSync(path.join(WORKSPACE, relative), 'utf8');
  const offset = source.indexOf(text, source.indexOf(after));
  const at = (o: number): [number, number] => {
    const lines = source.slice(0, o).split('\n');
    return [lines.length - 1, lines[lines.length - 1].length];
  };
  return [...at(offset), ...at(offset + text.length)];
}
const tuple = ({ start, end }: LspRange) => [start.line, start.character, end.line, end.character];

describe(`Neovim's LSP client (${nvimVersion ?? 'nvim missing'})`, { skip }, () => {
  it('a Kubernetes manifest: the diagnostic, its doc link, code actions, hover, and an unsaved edit that fixes it', () => {
    const session = runNeovim('k8s/deployment.yaml', 'yaml', { from: 'nginx:latest', to: 'nginx:1.27.3' });
    const [d] = session.diagnostics!;
    assert.deepEqual(
      session.diagnostics!.map((x) => [x.source, x.code, x.severity]),
      [['threatlint', 'k8s/image-latest-tag', 2]],
    );
    assert.deepEqual(tuple(d.range), rangeIn('k8s/deployment.yaml', 'nginx:latest'));
    const doc = fileURLToPath(d.codeDescription!.href);
    assert.equal(path.relative(REPO_ROOT, doc), path.join('docs', 'rules', 'k8s', 'image-latest-tag.md'));
    assert.ok(fs.existsSync(doc), 'the doc link is a local file');
    assert.deepEqual(
      session.codeActions!.map((a) => a.title),
      ['Suppress k8s/image-latest-tag on this line (with a reason)', 'Show documentation for k8s/image-latest-tag'],
    );
    // Neovim cannot run the VS Code command: the server's own command answers with window/showDocument.
    assert.equal(session.codeActions![1].command?.command, 'threatlint.server.showRuleDoc');
    assert.equal(session.showDocument?.uri, d.codeDescription!.href, 'running it asks Neovim to show the local doc (window/showDocument)');
    assert.ok(session.hover?.includes(`**${findRule('k8s/image-latest-tag')!.meta.title}** (\`k8s/image-latest-tag\`)`), `hover: ${session.hover}`);
    assert.equal(session.modified, true, 'the edit is unsaved');
    assert.deepEqual(session.afterEdit, [], 'pinning the tag clears the diagnostic');
  });

  it('Go: go/jwt-parse-unverified as an error on ParseUnverified, with its quick fix offered', () => {
    const session = runNeovim('go/auth.go', 'go');
    assert.deepEqual(
      session.diagnostics!.map((x) => [x.code, x.severity, tuple(x.range)]),
      [['go/jwt-parse-unverified', 1, rangeIn('go/auth.go', 'ParseUnverified', 'new(jwt.Parser).')]],
    );
    const fix = session.codeActions!.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `a preferred quick fix with an edit: ${JSON.stringify(session.codeActions)}`);
  });
});
