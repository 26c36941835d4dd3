/**
 * Hostile input gets a clear informational notice and no analysis, never a crash or a hang:
 * size, minified lines, binary, alias bombs, 10,000 levels of nesting; and in a workspace scan,
 * symlink loops, FIFOs, unreadable folders and files deleted mid-scan are skipped with a note.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../engine/config';
import type { Engine } from '../../engine/engine';
import { scanPaths } from '../../project/scan';
import { testEngine } from '../support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const N = 10_000;
const K8S = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n';

/** Analyses without throwing, within a second, with exactly one notice matching `pattern` and no findings. */
function assertSkipped(filePath: string, text: string, pattern: RegExp): void {
  const started = performance.now();
  const result = engine.analyze({ path: filePath, text });
  const ms = performance.now() - started;
  assert.ok(ms < 1_000, `${filePath}: ${ms.toFixed(0)} ms`);
  assert.equal(result.findings.length, 0, filePath);
  assert.equal(result.notices.length, 1, `${filePath}: ${JSON.stringify(result.notices)}`);
  assert.match(result.notices[0].message, pattern);
  assert.deepEqual(result.notices[0].range, { start: 0, end: 0 });
}

describe('limits on hostile files', () => {
  it('skips files over the size limit with one notice', () => {
    assertSkipped('big.yaml', K8S + '#'.repeat(2_000_000), /over the limit of 1048576 \(setting maxFileSize\)/);
  });

  it('skips minified and generated files (very long lines)', () => {
    assertSkipped('bundle.min.js', 'var a=1;'.repeat(5_000), /minified or generated/);
    assertSkipped('generated.go', `package a\nvar x = "${'a'.repeat(30_000)}"\n`, /minified or generated/);
  });

  it('skips binary and NUL-containing files', () => {
    assertSkipped('logo.ts', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', /binary/);
    assertSkipped('Dockerfile', 'FROM a\u0000\nRUN x\n', /binary/);
  });

  it('bounds nesting of 10,000 levels of [ { ( and - in every language without overflowing the stack', () => {
    const cases: [string, string][] = [
      ['deep.yaml', K8S + 'spec:\n' + ' [\n'.repeat(N) + ' ]\n'.repeat(N)],
      ['deep.yaml', K8S + 'spec:\n' + ' {a:\n'.repeat(N) + ' 1' + ' }\n'.repeat(N)],
      ['deep.yaml', K8S + 'spec:\n' + Array.from({ length: 500 }, (_, i) => ' '.repeat(2 * i) + '- - - - - - - - - - - - - - - - - - - -').join('\n') + ' x\n'],
      ['compose.yaml', 'services:\n  a:\n    image: x\n    environment:\n' + ' [\n'.repeat(N) + ' ]\n'.repeat(N)],
      ['deep.ts', 'const a = ' + '[\n'.repeat(N) + ']\n'.repeat(N) + ';\n'],
      ['deep.ts', 'const ' + '{a:\n'.repeat(N) + 'secret' + '}\n'.repeat(N) + ' = x;\n'],
      ['deep.js', 'f(\n'.repeat(N) + ')\n'.repeat(N)],
      ['deep.go', 'package a\nvar a = ' + '(\n'.repeat(N) + '1' + ')\n'.repeat(N)],
      ['deep.go', 'package a\nfunc f() ' + '{\n'.repeat(N) + '}\n'.repeat(N)],
      ['Dockerfile', 'FROM a\nRUN ' + '( \\\n'.repeat(N) + 'true' + ') \\\n'.repeat(N) + '\n'],
    ];
    for (const [file, text] of cases) assertSkipped(file, text, /nests more than 400 levels deep/);
  });

  it('analyses deep but unbracketed structures (long operator chains) without a stack overflow', () => {
    const cases: [string, string][] = [
      ['chain.ts', "import jwt from 'jsonwebtoken';\nconst k = process.env.A" + " || 'fallback-secret'\n".repeat(N) + ';\njwt.sign({}, k);\n'],
      ['chain.go', 'package a\nvar q = "x"' + ' + "x"\n'.repeat(N)],
      ['Dockerfile', 'FROM a\nRUN true' + ' && true \\\n'.repeat(N) + '\n'],
    ];
    for (const [file, text] of cases) {
      const result = engine.analyze({ path: file, text });
      for (const notice of result.notices) assert.doesNotMatch(notice.message, /call stack|failed on this file/, file);
      assert.ok(result.durationMs < 5_000, `${file}: ${result.durationMs.toFixed(0)} ms`);
    }
  });

  it('never expands YAML aliases (billion laughs) and stays fast', () => {
    let bomb = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nx0: &a0 {name: c, image: "nginx:latest"}\n';
    for (let i = 1; i < 30; i++) bomb += `x${i}: &a${i} {containers: [*a${i - 1}, *a${i - 1}, *a${i - 1}], initContainers: [*a${i - 1}]}\n`;
    bomb += 'spec: *a29\n';
    const result = engine.analyze({ path: 'bomb.yaml', text: bomb });
    assert.ok(result.durationMs < 1_000, `${result.durationMs.toFixed(0)} ms`);
    assert.ok(result.findings.length < 1_000, `${result.findings.length} findings`);
  });
});

describe('limits in a workspace scan', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-hostile-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM nginx:latest\n');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'pod.yaml'), K8S + 'spec:\n  containers:\n    - name: a\n      image: nginx\n');
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    fs.symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'));
    fs.symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
    fs.writeFileSync(path.join(dir, 'gone.yaml'), K8S);
    fs.writeFileSync(path.join(dir, 'image.ts'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked', 'Dockerfile'), 'FROM a\n');
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
  });
  after(() => {
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('skips loops, FIFOs, binaries, unreadable folders and files deleted mid-scan, with a note each', () => {
    const started = performance.now();
    const report = scanPaths(engine, [dir], defaultConfig(), dir, {
      // Deleted after listing, before reading: what a `git checkout` during a scan does.
      include: (relative, absolute) => {
        if (relative === 'gone.yaml') fs.rmSync(absolute);
        return true;
      },
    });
    assert.ok(performance.now() - started < 5_000);
    const analysed = report.files.map((f) => f.relativePath).sort();
    const root = process.getuid?.() === 0; // root reads anything, locked folders included
    assert.deepEqual(analysed, root ? ['Dockerfile', 'locked/Dockerfile', 'sub/pod.yaml'] : ['Dockerfile', 'sub/pod.yaml']);
    const reasons = new Map(report.skipped.map((s) => [path.relative(dir, s.file), s.reason]));
    assert.equal(reasons.get('gone.yaml'), 'ENOENT');
    assert.match(reasons.get('image.ts') ?? '', /binary/);
    assert.match(reasons.get(path.join('sub', 'loop')) ?? '', /symbolic link/);
    assert.match(reasons.get('a.yaml') ?? '', /symbolic link/);
    if (!root) assert.equal(reasons.get('locked'), 'EACCES');
    assert.ok(!analysed.includes('pipe.yaml'), 'a FIFO is never opened (it would block)');
  });
});
