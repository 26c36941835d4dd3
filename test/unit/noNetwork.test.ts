/**
 * ThreatLint reads files and nothing else: a full CLI scan of the examples (worker pool included)
 * and a language-server session run with every network API and child processes forbidden
 * (test/support/noNetwork.cjs), and still give their results. Needs the bundles (`npm run build`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

const PRELOAD = path.join(REPO_ROOT, 'test', 'support', 'noNetwork.cjs');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

describe('no network, no programs run', () => {
  it('the preload really forbids (a control run)', () => {
    const r = spawnSync(process.execPath, ['--require', PRELOAD, '-e', "require('node:https').get('https://example.com')"], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /THREATLINT-FORBIDDEN https.get/);
  });

  it('a full CLI scan of the examples, in a worker pool, with network and child processes forbidden', () => {
    for (const jobs of ['1', '2']) {
      const r = spawnSync(
        process.execPath,
        ['--require', PRELOAD, path.join(REPO_ROOT, 'bin', 'threatlint.js'), 'scan', EXAMPLES, '--format', 'json', '--fail-on', 'none', '--jobs', jobs],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      assert.doesNotMatch(r.stderr, /THREATLINT-FORBIDDEN/);
      assert.equal(r.status, 0, r.stderr);
      const json = JSON.parse(r.stdout) as { files: number; findings: unknown[] };
      assert.ok(json.files >= 10 && json.findings.length >= 20, `${json.files} files, ${json.findings.length} findings`);
    }
  });

  it('a language-server session (open, edit, hover, code actions, workspace scan) with network and child processes forbidden', async () => {
    const client = new LspClient(process.execPath, ['--require', PRELOAD, path.join(REPO_ROOT, 'server', 'out', 'server.js'), '--stdio']);
    try {
      await client.initialize(pathToFileURL(EXAMPLES).href);
      const file = path.join(EXAMPLES, 'booksstore', 'deploy', 'k8s', 'api.yaml');
      const uri = pathToFileURL(file).href;
      const text = fs.readFileSync(file, 'utf8');
      const first = client.waitFor<{ uri: string; diagnostics: { range: unknown }[] }>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri && p.diagnostics.length > 0,
      );
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const { diagnostics } = await first;
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + '\n# edited\n' }] });
      await client.waitFor<{ uri: string; version?: number }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
      const summary = await client.request<{ analysed: number; findings: { error: number; warning: number } }>('threatlint/scanWorkspace', {});
      assert.ok(summary.analysed >= 10 && summary.findings.error + summary.findings.warning > 0, JSON.stringify(summary));
    } finally {
      await client.shutdown();
    }
    assert.doesNotMatch(client.stderr.join(''), /THREATLINT-FORBIDDEN/);
  });
});
