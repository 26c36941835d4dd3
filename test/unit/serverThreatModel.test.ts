/**
 * Report, baseline and findings requests of the real server process: they run the workspace
 * scan loop and read its cache; a baseline hides its findings in published diagnostics.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CreateBaselineResult, FindingActionResult, FindingsResult, ReportResult, TreeFinding, WorkspaceEdit } from '../../protocol';
import { REPO_ROOT } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

interface Diagnostic {
  code?: string;
  range: TreeFinding['range'];
}
interface Publish {
  uri: string;
  diagnostics: Diagnostic[];
}
interface CodeAction {
  title: string;
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
}

describe('server: report, baseline, findings', () => {
  let client: LspClient;
  let dir: string;
  const published = new Map<string, Publish>();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-tm-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node\nCMD ["node", "a.js"]\n');
    fs.writeFileSync(
      path.join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec:\n  containers:\n    # threatlint-ignore k8s/image-latest-tag -- gone\n    - {name: a, image: nginx:1.27.3}\n',
    );
    client = new LspClient(process.execPath, [path.join(REPO_ROOT, 'server', 'out', 'server.js'), '--stdio']);
    await client.initialize(pathToFileURL(dir).href);
    client.onNotification<Publish>('textDocument/publishDiagnostics', (p) => published.set(p.uri, p));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('threatlint/report scans and returns the report page, rendered by the server, with its status', async () => {
    const changed = client.waitFor('threatlint/findingsChanged', () => true);
    const { title, html, status, threats, summary } = await client.request<ReportResult>('threatlint/report', {
      title: 'T',
      styleSource: 'https://csp.example',
    });
    assert.equal(summary.files, 2);
    assert.equal(title, 'T');
    const byId = new Map(threats.map((t) => [t.ruleId, t]));
    assert.equal(byId.get('docker/user-root')?.status, 'Not Started');
    assert.equal(byId.get('docker/user-root')?.category, 'Elevation of Privilege');
    assert.equal(byId.get('k8s/privileged-container')?.status, 'Mitigation Implemented');
    assert.equal(status.Total, threats.length);
    assert.match(html, /<title>T<\/title>/);
    assert.match(html, /style-src 'unsafe-inline' https:\/\/csp\.example;/);
    // Links open the file at the scan's own LSP position (0-based); the text shows 1-based lines.
    const link = (file: string, line: number, character: number) =>
      `<a href="command:threatlint.openLocation?${encodeURIComponent(JSON.stringify([pathToFileURL(path.join(dir, file)).href, { line, character }]))}" title="`;
    assert.ok(html.includes(link('Dockerfile', 0, 0)), html);
    assert.match(html, />Dockerfile:1<\/a>/);
    assert.match(html, />pod\.yaml:6<\/a>/);
    await changed;
  });

  it('threatlint/findings lists open findings with rule STRIDE metadata', async () => {
    const { findings, rules, categories } = await client.request<FindingsResult>('threatlint/findings', {});
    const ids = findings.map((f) => f.ruleId).sort();
    assert.ok(ids.includes('docker/user-root') && ids.includes('threatlint/stale-suppression'));
    assert.deepEqual(rules['docker/user-root'].stride, ['Elevation of Privilege']);
    assert.ok(findings.find((f) => f.ruleId === 'threatlint/stale-suppression')?.fixable);
    assert.deepEqual(categories, ['Spoofing', 'Tampering', 'Repudiation', 'Information Disclosure', 'Denial of Service', 'Elevation of Privilege']);
  });

  it('threatlint/findingAction answers the edits of the quick fixes, found by rule id and range', async () => {
    const { findings } = await client.request<FindingsResult>('threatlint/findings', {});
    const stale = findings.find((f) => f.ruleId === 'threatlint/stale-suppression');
    assert.ok(stale);
    const action = (kind: 'fix' | 'suppress' | 'doc', range = stale.range) =>
      client.request<FindingActionResult>('threatlint/findingAction', { uri: stale.uri, ruleId: stale.ruleId, range, kind });
    // Not open: the server reads the file as the scan did.
    const fix = await action('fix');
    const suppress = await action('suppress');
    const doc = await action('doc');
    assert.equal(doc?.kind, 'doc');
    assert.match(doc?.kind === 'doc' ? doc.uri : '', /^file:\/\/.*\/docs\/rules\/threatlint\/stale-suppression\.md$/);
    // Another range (the file changed since the scan): nothing is guessed.
    assert.equal(await action('fix', { start: stale.range.start, end: { line: stale.range.end.line, character: stale.range.end.character + 1 } }), null);

    // The same bytes as the light bulb's quick fix and suppression on the open document.
    const text = fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
    const opened = client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === stale.uri && p.diagnostics.some((d) => d.code === stale.ruleId));
    client.notify('textDocument/didOpen', { textDocument: { uri: stale.uri, languageId: 'yaml', version: 1, text } });
    const diagnostic = (await opened).diagnostics.find((d) => d.code === stale.ruleId);
    assert.deepEqual(diagnostic?.range, stale.range);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: stale.uri },
      range: stale.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(fix, { kind: 'edit', edit: actions.find((a) => a.isPreferred)?.edit });
    assert.deepEqual(suppress, { kind: 'edit', edit: actions.find((a) => a.title.startsWith('Suppress'))?.edit });
    assert.deepEqual(await action('suppress'), suppress, 'open or not, the same edit');
    client.notify('textDocument/didClose', { textDocument: { uri: stale.uri } });
  });

  it('threatlint/createBaseline writes .threatlint-baseline.json; the next scan hides those findings', async () => {
    const { baselines } = await client.request<CreateBaselineResult>('threatlint/createBaseline', {});
    assert.equal(baselines.length, 1);
    assert.equal(baselines[0].file, path.join(dir, '.threatlint-baseline.json'));
    assert.ok(baselines[0].findings >= 3);
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    const cleared = client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
    const summary = await client.request<{ findings: { error: number; warning: number; note: number } }>('threatlint/scanWorkspace', {});
    await cleared;
    assert.deepEqual(summary.findings, { error: 0, warning: 0, note: 0 });
    const { findings } = await client.request<FindingsResult>('threatlint/findings', {});
    assert.deepEqual(findings, []);
  });
});
