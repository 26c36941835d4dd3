import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, defaultConfig, mergeConfig, validateConfig } from '../../engine/config';
import { applyEdits } from '../../engine/fixes';
import { familyOf, grammarOf } from '../../engine/languages';
import { LineIndex } from '../../engine/lineIndex';
import { maskSecret } from '../../rules/common/mask';
import { findSuppressions } from '../../engine/suppressions';
import { walkFiles } from '../../project/walk';

describe('LineIndex', () => {
  it('maps offsets and positions both ways, across \\n, \\r\\n and \\r', () => {
    const text = 'ab\r\ncd\nef\rg';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('d')), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(text.indexOf('g')), { line: 3, character: 0 });
    assert.equal(lines.offsetAt({ line: 2, character: 1 }), text.indexOf('f'));
    assert.equal(lines.lineEnd(0), 2);
    assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the line end');
  });
});

describe('language detection', () => {
  it('knows Dockerfiles by name and code by extension', () => {
    for (const name of ['Dockerfile', 'Dockerfile.prod', 'api.dockerfile', 'Containerfile', 'dockerfile'])
      assert.equal(familyOf(`/x/${name}`), 'dockerfile', name);
    assert.equal(familyOf('/x/main.go'), 'go');
    for (const ext of ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs']) assert.equal(familyOf(`/x/a.${ext}`), 'typescript', ext);
    assert.equal(familyOf('/x/deploy.yaml'), 'yaml');
    assert.equal(familyOf('/x/README.md'), undefined);
    assert.equal(grammarOf('/x/a.tsx', 'typescript'), 'tsx');
    assert.equal(grammarOf('/x/a.cjs', 'typescript'), 'javascript');
  });
});

describe('suppressions', () => {
  it('reads ids and reasons from # and // comments, own-line and trailing', () => {
    const text = [
      '# threatlint-ignore k8s/a, k8s/b -- accepted: internal only',
      'image: x:latest',
      'x := 1 // threatlint-ignore go/c',
      'url: "http://a#threatlint-ignore"',
    ].join('\n');
    const found = findSuppressions(text, new LineIndex(text));
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].ruleIds, ['k8s/a', 'k8s/b']);
    assert.equal(found[0].reason, 'accepted: internal only');
    assert.equal(found[0].targetLine, 1);
    assert.deepEqual(found[1].ruleIds, ['go/c']);
    assert.equal(found[1].reason, '');
    assert.equal(found[1].targetLine, 2);
  });
});

describe('config', () => {
  it('validates and merges, later layers win', () => {
    const file = validateConfig({ rules: { 'k8s/x': 'off' }, ignore: ['vendor/**'], maxFileSize: 10 }, 'cfg');
    const merged = mergeConfig(defaultConfig(), file, { rules: { 'k8s/x': 'error' } });
    assert.equal(merged.rules['k8s/x'], 'error');
    assert.deepEqual(merged.ignore, ['vendor/**']);
    assert.equal(merged.maxFileSize, 10);
  });
  it('rejects bad values with a message naming the key', () => {
    assert.throws(
      () => validateConfig({ rules: { 'k8s/x': 'loud' } }, 'cfg'),
      (e: unknown) => e instanceof ConfigError && /k8s\/x/.test(e.message),
    );
    assert.throws(() => validateConfig([1], 'cfg'), ConfigError);
  });
});

describe('fixes', () => {
  it('applies edits from the end and skips overlapping ones', () => {
    const result = applyEdits('abcdef', [
      { range: { start: 0, end: 1 }, newText: 'A' },
      { range: { start: 4, end: 6 }, newText: 'EF!' },
      { range: { start: 5, end: 6 }, newText: 'x' },
    ]);
    assert.equal(result.text, 'AbcdEF!');
    assert.equal(result.skipped, 1);
  });
});

describe('secret masking', () => {
  it('never shows more than two characters', () => {
    assert.equal(maskSecret('abc'), '***');
    const masked = maskSecret('super-secret-signing-key');
    assert.ok(masked.startsWith('su') && !masked.includes('secret'));
  });
});

describe('walkFiles', () => {
  it('honours nested .gitignore files and ignore patterns, skips node_modules and symlinks', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-walk-'));
    const write = (rel: string, text = 'x') => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('.gitignore', 'build/\n');
    write('a/main.go');
    write('a/.gitignore', 'gen.go\n');
    write('a/gen.go');
    write('build/out.js');
    write('node_modules/x/index.js');
    write('deploy/app.yaml');
    write('deploy/skip.yaml');
    write('docs/readme.md');
    fs.symlinkSync(root, path.join(root, 'loop'));
    const files = walkFiles(root, { ignore: ['deploy/skip.yaml'] }).map((f) => path.relative(root, f).split(path.sep).join('/'));
    assert.deepEqual(files, ['a/main.go', 'deploy/app.yaml']);
  });
});

describe('secret heuristics', () => {
  it('knows secret names by whole words, not substrings', async () => {
    const { isSecretName, isPlaceholder, secretValueKind } = await import('../../rules/common/secrets');
    for (const name of ['DB_PASSWORD', 'jwtSecret', 'api-key', 'AWS_SECRET_ACCESS_KEY', 'MINIO_SECRET_KEY', 'githubToken', 'JWT_SIGNING_KEY'])
      assert.ok(isSecretName(name), name);
    for (const name of ['PASSWORD_FILE', 'JWT_SECRET_PATH', 'TOKEN_TTL', 'keyboard', 'passthrough', 'monkey', 'TOKEN_EXPIRY', 'secretName'])
      assert.ok(!isSecretName(name), name);
    for (const value of ['', '${DB_PASSWORD}', '{{ .Values.pw }}', '<your-key>', 'changeme', 'GOOGLE_API_KEY_VAL', 'vault:secret/data/x'])
      assert.ok(isPlaceholder(value), value);
    assert.ok(!isPlaceholder('Bk$tore-2024!'));
    assert.equal(secretValueKind('postgres://books:s3cret@db:5432/books'), 'URL with credentials');
    assert.equal(secretValueKind('postgres://db:5432/books?sslmode=require'), undefined);
    assert.equal(secretValueKind('AKIAIOSFODNN7EXAMPLE'), 'AWS access key');
  });
});
