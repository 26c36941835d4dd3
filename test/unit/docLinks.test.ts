/**
 * The repository is self-contained: no file refers to anything beside the clone, and every
 * relative link of the user-facing Markdown (the README, which also ships in the .vsix, and docs/)
 * points at a file of the repository, and at an anchor that exists when it names one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** Anchors a Markdown file defines: explicit `<a id>`/`<a name>` and GitHub-style heading slugs. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]);
  for (const m of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    found.add(
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return found;
}

describe('documentation links', () => {
  const files = trackedFiles();

  // Spelt in parts so that `git grep` for the path finds nothing in the repository, this file included.
  const beside = ['..', 'shared'].join('/');

  it('no tracked file refers to the folder beside the clone (the repository needs nothing beside it)', () => {
    const offenders = files.filter((file) => {
      if (file === 'package-lock.json') return false;
      const full = path.join(REPO_ROOT, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) return false;
      return fs.readFileSync(full, 'utf8').includes(beside);
    });
    assert.deepEqual(offenders, []);
  });

  it('every relative link in README.md and docs/ resolves inside the repository', () => {
    const markdown = files.filter(
      (file) => file.endsWith('.md') && (file === 'README.md' || file.startsWith('docs/') || /^examples\/[^/]+\/README\.md$/.test(file)),
    );
    assert.ok(markdown.includes('README.md'));
    const broken: string[] = [];
    for (const file of markdown) {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, command:, mailto:
        const [file2, anchor] = target.split('#');
        const resolved = file2 ? path.normalize(path.join(path.dirname(file), decodeURIComponent(file2))) : file;
        if (resolved.startsWith('..')) {
          broken.push(`${file}: ${target} leaves the repository`);
          continue;
        }
        const full = path.join(REPO_ROOT, resolved);
        if (!fs.existsSync(full)) {
          broken.push(`${file}: ${target} does not exist`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchors(fs.readFileSync(full, 'utf8')).has(anchor))
          broken.push(`${file}: ${target} has no anchor #${anchor}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
