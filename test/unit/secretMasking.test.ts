/**
 * A detected secret's value never appears in full in any output: engine findings (messages,
 * related locations, fix titles and texts), CLI text/JSON/SARIF, the threat-model report,
 * language-server diagnostics, hovers, code actions, report and logs. Needs the bundles (`npm run build`).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultConfig } from '../../engine/config';
import { scanPaths } from '../../project/scan';
import { REPO_ROOT } from '../support/fixtures';
import { testEngine } from '../support/engine';
import { LspClient } from '../support/lspClient';

/** Distinct, realistic secrets, one per kind the rules detect. */
const SECRETS = {
  k8sPassword: 'Zq8-mT41-pLx7-wR2c',
  k8sAws: 'AKIAQX7ZK3M9TPLR2VWE',
  composeToken: 'ghp_' + 'Qm7xK2pL9vR4tW8zN3bC6yH1jD5fG0sA2eU4',
  dockerPassword: 'Vr7!kd93-Qp2x-Lm8w',
  dockerUrlPassword: 'hN4rT8vq2WxZ',
  goKey: 'gk-Pz7Qw2Lm9Xv4Rt8N',
  tsSecret: 'ts-Hc5Jx8Kq3Vn6Bw1M',
  slack: 'xoxb-2938475610-Tq8Wz3Lm5Pk9Xr',
};

const FILES: Record<string, string> = {
  'deploy.yaml': [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: a, namespace: shop}',
    'spec:',
    '  containers:',
    '    - name: a',
    '      image: nginx:1.27',
    '      env:',
    '        - name: DB_PASSWORD',
    `          value: "${SECRETS.k8sPassword}"`,
    '        - name: AWS_ACCESS_KEY_ID',
    `          value: ${SECRETS.k8sAws}`,
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: c, namespace: shop}',
    'data:',
    `  SLACK_TOKEN: ${SECRETS.slack}`,
    '',
  ].join('\n'),
  'docker-compose.yml': `services:\n  web:\n    image: nginx:1.27\n    environment:\n      GITHUB_TOKEN: ${SECRETS.composeToken}\n`,
  Dockerfile: `FROM nginx:1.27\nENV DB_PASSWORD=${SECRETS.dockerPassword}\nENV DATABASE_URL=postgres://books:${SECRETS.dockerUrlPassword}@db:5432/books\nUSER 101\n`,
  'auth.go': [
    'package auth',
    '',
    'import "github.com/golang-jwt/jwt/v5"',
    '',
    `var jwtKey = []byte("${SECRETS.goKey}")`,
    '',
    'func Sign(c jwt.Claims) (string, error) {',
    '\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(jwtKey)',
    '}',
    '',
  ].join('\n'),
  'auth.ts': `import jwt from 'jsonwebtoken';\nconst JWT_SECRET = '${SECRETS.tsSecret}';\nexport const sign = (sub: string) => jwt.sign({ sub }, JWT_SECRET);\n`,
};

/** Fails when any secret, or any 8-character piece of one, is in `output`. */
function assertNoSecret(output: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      assert.ok(!output.includes(piece), `${where} shows ${name} (${JSON.stringify(piece)} of it)`);
    }
  }
}

describe('secrets are masked in every output', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-secrets-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('engine findings: messages, related locations, fix titles and fix texts', async () => {
    const report = scanPaths(await testEngine(), [dir], defaultConfig(), dir);
    const secretRules = new Set<string>();
    for (const file of report.files) {
      for (const f of file.result.findings) {
        if (/secret|jwt-hardcoded|configmap/.test(f.ruleId)) secretRules.add(f.ruleId);
        const shown = [f.message, ...(f.related ?? []).map((r) => r.message), f.fix?.title ?? '', ...(f.fix?.edits ?? []).map((e) => e.newText)].join('\n');
        assertNoSecret(shown, `${file.relativePath} ${f.ruleId}`);
      }
      for (const n of file.result.notices) assertNoSecret(n.message, `${file.relativePath} notice`);
    }
    // The test means something only if the secrets were found.
    for (const id of ['k8s/env-literal-secret', 'docker/secret-in-env', 'go/jwt-hardcoded-key', 'ts/jwt-hardcoded-secret'])
      assert.ok(secretRules.has(id), `${id} found nothing`);
  });

  it('CLI text, JSON and SARIF (stdout, stderr and --output files)', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const out = path.join(dir, `..`, `${path.basename(dir)}.${format}`);
      for (const args of [
        ['--format', format],
        ['--format', format, '--output', out],
      ]) {
        const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'threatlint.js'), 'scan', dir, ...args, '--fail-on', 'none'], {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        });
        assert.equal(r.status, 0, r.stderr);
        assertNoSecret(r.stdout, `cli ${format} stdout`);
        assertNoSecret(r.stderr, `cli ${format} stderr`);
      }
      const written = fs.readFileSync(out, 'utf8');
      assert.ok(written.length > 100);
      assertNoSecret(written, `cli ${format} file`);
      fs.rmSync(out);
    }
  });

  it('the threat-model report (CLI markdown, HTML and JSON)', () => {
    for (const format of ['markdown', 'html', 'json']) {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'threatlint.js'), 'report', dir, '--format', format], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.stdout.length > 500, `${format}: ${r.stdout.length} chars`);
      assertNoSecret(r.stdout, `report ${format}`);
      assertNoSecret(r.stderr, `report ${format} stderr`);
    }
  });

  it('language server: diagnostics, hovers on every finding, and its log', async () => {
    const client = new LspClient(process.execPath, [path.join(REPO_ROOT, 'server', 'out', 'server.js'), '--stdio']);
    const traffic: string[] = [];
    for (const method of ['window/logMessage', 'window/showMessage', 'textDocument/publishDiagnostics', '$/logTrace'])
      client.onNotification(method, (p) => traffic.push(JSON.stringify(p)));
    try {
      await client.initialize(pathToFileURL(dir).href);
      for (const [name, text] of Object.entries(FILES)) {
        const uri = pathToFileURL(path.join(dir, name)).href;
        const languageId = name.endsWith('.go') ? 'go' : name.endsWith('.ts') ? 'typescript' : name === 'Dockerfile' ? 'dockerfile' : 'yaml';
        const published = client.waitFor<{ uri: string; diagnostics: { range: { start: { line: number; character: number } } }[] }>(
          'textDocument/publishDiagnostics',
          (p) => p.uri === uri,
        );
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
        const { diagnostics } = await published;
        assert.ok(diagnostics.length > 0, `${name}: no diagnostics`);
        for (const d of diagnostics) {
          const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: d.range.start });
          traffic.push(JSON.stringify(hover));
          const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
          traffic.push(JSON.stringify(actions).replace(/"newText":"[^"]*"/g, '')); // edits put text in the file, not on screen
        }
      }
      traffic.push(JSON.stringify(await client.request('threatlint/report', {})));
    } finally {
      await client.shutdown();
    }
    assertNoSecret(traffic.join('\n'), 'language server messages');
    assertNoSecret(client.stderr.join(''), 'language server stderr');
  });
});
