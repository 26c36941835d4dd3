/** CI-at-scale flags of the CLI: --shard, --changed-since, --baseline. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

const BIN = path.join(REPO_ROOT, 'bin', 'threatlint.js');

interface JsonOut {
  files: number;
  findings: { ruleId: string; path: string; fingerprint: string; suppressed?: { reason: string } }[];
}

function scan(args: string[], cwd: string): { code: number | null; json: JsonOut; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'scan', ...args, '--format', 'json', '--fail-on', 'warning'], { cwd, encoding: 'utf8' });
  return { code: r.status, json: JSON.parse(r.stdout || '{"files":0,"findings":[]}') as JsonOut, stderr: r.stderr };
}

function paths(out: JsonOut): string[] {
  return [...new Set(out.findings.map((f) => f.path))].sort();
}

describe('CLI selection', () => {
  it('--shard k/n splits files into disjoint shards whose union is the full scan', () => {
    const full = scan(['test/fixtures'], REPO_ROOT).json;
    const shards = [1, 2, 3].map((k) => scan(['test/fixtures', '--shard', `${k}/3`], REPO_ROOT).json);
    assert.equal(
      shards.reduce((n, s) => n + s.files, 0),
      full.files,
    );
    const all = shards.flatMap(paths);
    assert.equal(new Set(all).size, all.length, 'disjoint');
    assert.deepEqual(all.sort(), paths(full));
    assert.ok(
      shards.every((s) => s.files > 0),
      'every shard gets work',
    );
    assert.equal(spawnSync(process.execPath, [BIN, 'scan', '--shard', '4/3'], { cwd: REPO_ROOT }).status, 2);
  });

  it('--changed-since scans only files changed since a ref, plus untracked ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec:\n  containers:\n    - {name: a, image: ${image}}\n`;
    fs.writeFileSync(path.join(dir, 'old.yaml'), pod('nginx:latest'));
    fs.writeFileSync(path.join(dir, 'changed.yaml'), pod('nginx:1.27'));
    git('add', '.');
    git('commit', '-qm', 'base');
    fs.writeFileSync(path.join(dir, 'changed.yaml'), pod('redis:latest'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["sh"]\n');
    const out = scan(['.', '--changed-since', 'HEAD'], dir).json;
    assert.equal(out.files, 2);
    assert.deepEqual(paths(out), ['Dockerfile', 'changed.yaml']);
    const bad = spawnSync(process.execPath, [BIN, 'scan', '.', '--changed-since', 'no-such-ref'], { cwd: dir, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--changed-since no-such-ref: git diff failed/);
  });

  it('--baseline reports only findings that are not in an earlier JSON or SARIF result', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-base-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, '# build\nFROM node\nCMD ["node", "a.js"]\n');
    const first = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--output', 'baseline.json', '--fail-on', 'none'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(first.status, 0, first.stderr);
    spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'sarif', '--output', 'baseline.sarif', '--fail-on', 'none'], { cwd: dir });
    // Edits above the old findings move them but keep their fingerprints; the new ADD is new.
    fs.writeFileSync(file, '# build\n# more comments\nFROM node\nADD https://example.com/x.tgz /x\nCMD ["node", "a.js"]\n');
    for (const baseline of ['baseline.json', 'baseline.sarif']) {
      const out = scan(['.', '--baseline', baseline], dir);
      const open = out.json.findings.filter((f) => !f.suppressed);
      assert.deepEqual(
        open.map((f) => f.ruleId),
        ['docker/add-remote-url'],
        baseline,
      );
      assert.equal(out.code, 1);
    }
  });
});
