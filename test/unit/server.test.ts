/** The real server process over stdio: diagnostics while typing, code actions, stale versions. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  source: string;
  message: string;
  codeDescription?: { href: string };
  data?: unknown;
}
interface Publish {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}
interface CodeAction {
  title: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, { range: Diagnostic['range']; newText: string }[]> };
  command?: { command: string; arguments: unknown[] };
}

const root = path.join(REPO_ROOT, 'test', 'fixtures');
const uri = pathToFileURL(path.join(root, 'unsaved', 'pod.yaml')).href;
/** A hardened pod: clean until an edit breaks it. */
const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: a',
  '  namespace: shop',
  'spec:',
  '  serviceAccountName: web',
  '  automountServiceAccountToken: false',
  '  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
  '  containers:',
  '    - name: web',
  '      image: nginx:1.27',
  '      resources: {limits: {cpu: 500m, memory: 256Mi}}',
  '      securityContext:',
  '        allowPrivilegeEscalation: false',
  '        readOnlyRootFilesystem: true',
  '        capabilities: {drop: [ALL]}',
  '',
].join('\n');

describe('language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient(process.execPath, [path.join(REPO_ROOT, 'server', 'out', 'server.js'), '--stdio']);
    await client.initialize(pathToFileURL(root).href);
  });
  after(async () => {
    await client.shutdown();
  });

  it('publishes diagnostics for an unsaved buffer as it is edited, for the latest version', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    const clean = await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.deepEqual(clean.diagnostics, []);
    const edited = POD.replace('nginx:1.27', 'nginx:latest');
    // Two quick edits: whatever is published for version 2, version 3's result comes last.
    const versions: (number | undefined)[] = [];
    const seen = client
      .waitFor<Publish>(
        'textDocument/publishDiagnostics',
        (p) => {
          if (p.uri === uri) versions.push(p.version);
          return false;
        },
        2_000,
      )
      .catch(() => undefined);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: POD.replace('nginx:1.27', 'nginx') }] });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: edited }] });
    const published = await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 3);
    await seen;
    assert.deepEqual(versions, [...versions].sort(), 'versions are published in order');
    assert.equal(versions.at(-1), 3, 'nothing older is published after version 3');
    const [d] = published.diagnostics;
    assert.equal(d.code, 'k8s/image-latest-tag');
    assert.equal(d.source, 'threatlint');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, { start: { line: 11, character: 13 }, end: { line: 11, character: 25 } });
    assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*docs\/rules\/k8s\/image-latest-tag\.md$/);
  });

  it('offers the quick fix (preferred), suppress-with-reason and show-docs, chosen from diagnostic data', async () => {
    const text = POD.replace('        readOnlyRootFilesystem: true', '        readOnlyRootFilesystem: true\n        privileged: true');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text }] });
    const published = await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 4);
    const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/privileged-container');
    assert.ok(diagnostic);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.isPreferred);
    assert.equal(fix?.title, 'Set privileged: false');
    assert.deepEqual(fix?.edit?.changes[uri], [{ range: diagnostic.range, newText: 'false' }]);
    const suppress = actions.find((a) => a.title.startsWith('Suppress'));
    assert.equal(suppress?.edit?.changes[uri][0].newText, '        # threatlint-ignore k8s/privileged-container -- TODO: why this is safe\n');
    const docs = actions.find((a) => a.command);
    assert.equal(docs?.command?.command, 'threatlint.server.showRuleDoc');
    assert.deepEqual(docs?.command?.arguments, ['k8s/privileged-container']);
  });

  it('hovers show the rule (STRIDE, CWE, threat, fix) and the effective security context with its sources', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: web\n      image: nginx:latest\n';
    client.notify('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text }] });
    await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 6);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 16 } });
    assert.match(hover.contents.value, /Image without a pinned tag/);
    assert.match(hover.contents.value, /STRIDE: Tampering/);
    assert.match(hover.contents.value, /CWE-1357/);
    // The threat ids link to the bundled threat-model page, offline like the rule doc.
    assert.match(hover.contents.value, /Threat model: \[BS-09\]\(file:\/\/\/[^)]*\/docs\/threat-model\.md#bs-09\), \[BS-14\]\(file:[^)]*#bs-14\)/);
    assert.doesNotMatch(hover.contents.value, /seed/i);
    assert.match(hover.contents.value, /\| `runAsNonRoot` \| `true` \| pod \|/);
    assert.match(hover.contents.value, /\| `allowPrivilegeEscalation` \| true \| default \|/);
  });

  it('keeps serving after a request for an unknown method', async () => {
    await assert.rejects(client.request('threatlint/noSuchThing', {}));
    client.notify('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: 'kind: [' }] });
    const published = await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 7);
    assert.ok(Array.isArray(published.diagnostics));
  });
});
