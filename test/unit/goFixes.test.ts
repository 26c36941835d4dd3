/**
 * Go quick fixes produce Go that the Go toolchain accepts: every `*.fixed.go` fixture (the text
 * after a rule's fixes) parses with `gofmt -e`, whose parser is the compiler's. The tree-sitter
 * re-parse the engine does is more forgiving. Skipped with a message where Go is missing; CI
 * has it, so there the test fails instead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

const gofmt = spawnSync('gofmt', ['-h'], { encoding: 'utf8' }).error ? undefined : 'gofmt';
const skip = gofmt || process.env.CI ? false : 'gofmt not found on PATH (install Go); the Go fix check is skipped';

function fixedGoFixtures(): string[] {
  const root = path.join(REPO_ROOT, 'test', 'fixtures', 'go');
  return fs
    .readdirSync(root)
    .flatMap((rule) => fs.readdirSync(path.join(root, rule)).map((name) => path.join(root, rule, name)))
    .filter((file) => file.endsWith('.fixed.go'));
}

describe('Go fixes and the Go toolchain', { skip }, () => {
  it('every *.fixed.go parses with gofmt -e (half-typed sources excepted)', () => {
    assert.ok(gofmt, 'gofmt is required under CI (the Go toolchain)');
    const files = fixedGoFixtures();
    assert.ok(files.length >= 10, `${files.length} fixed Go fixtures`);
    const broken: string[] = [];
    for (const file of files) {
      // A fixture that is broken on purpose stays broken after the fix: judge only those whose source parses.
      const source = file.replace(/\.fixed\.go$/, '.go');
      if (spawnSync(gofmt, ['-e', '-l', source], { encoding: 'utf8' }).status !== 0) continue;
      const result = spawnSync(gofmt, ['-e', '-l', file], { encoding: 'utf8' });
      if (result.status !== 0) broken.push(`${path.relative(REPO_ROOT, file)}: ${result.stderr.trim().split('\n')[0]}`);
    }
    assert.deepEqual(broken, []);
  });
});
