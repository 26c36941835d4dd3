/**
 * The real server process against a misbehaving client: malformed JSON-RPC, unknown methods,
 * out-of-range edits, 1,000 rapid changes, didClose during analysis, cancelled requests; it
 * answers errors where the protocol says so, keeps serving, publishes only the latest version,
 * and its memory stays flat over 10,000 edits. Needs the bundles (`npm run build`).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

interface Publish {
  uri: string;
  version?: number;
  diagnostics: { code?: string; range: { start: { line: number; character: number } } }[];
}

const root = path.join(REPO_ROOT, 'test', 'fixtures');
const uriOf = (name: string) => pathToFileURL(path.join(root, 'unsaved', name)).href;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n';

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

describe('language server robustness', () => {
  let client: LspClient;
  const publishes: Publish[] = [];
  before(async () => {
    client = new LspClient(process.execPath, [path.join(REPO_ROOT, 'server', 'out', 'server.js'), '--stdio']);
    client.onNotification<Publish>('textDocument/publishDiagnostics', (p) => publishes.push(p));
    await client.initialize(pathToFileURL(root).href);
  });
  after(async () => {
    await client.shutdown();
  });

  /** The server still answers a request and analyses a document. */
  async function assertServing(label: string): Promise<void> {
    const uri = uriOf(`alive-${label}.yaml`);
    const published = client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    await published;
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  }

  it('answers malformed JSON-RPC with the protocol errors, or ignores it, and keeps serving', async () => {
    // Invalid JSON: a parse error (-32700) or nothing; never a crash.
    client.sendRaw('{"jsonrpc":"2.0","id":9001,"method":"textDocument/hover",');
    client.sendRaw('not json at all');
    client.sendRaw('[1,2,3]');
    client.sendRaw('{"jsonrpc":"2.0","id":9002}');
    client.sendRaw('null');
    // Wrong parameter shapes on real methods.
    const badHover = client.response(9003);
    client.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 9003, method: 'textDocument/hover', params: { textDocument: 42 } }));
    const badAction = client.response(9004);
    client.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 9004, method: 'textDocument/codeAction', params: null }));
    client.sendRaw(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: { textDocument: { uri: 'file:///nowhere.yaml', version: 2 }, contentChanges: [{ text: 'x' }] },
      }),
    );
    client.sendRaw(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri: 'not a uri', languageId: 'yaml', version: 1, text: POD } },
      }),
    );
    client.sendRaw(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: {} }));
    for (const message of [await badHover, await badAction]) {
      // Either an error response or a null result: an answer, in any case.
      assert.ok(message.error !== undefined || message.result !== undefined, JSON.stringify(message));
    }
    await assertServing('malformed');
  });

  it('answers unknown requests with MethodNotFound and ignores unknown notifications', async () => {
    await assert.rejects(client.request('threatlint/noSuchMethod', {}), (error: { code?: number }) => error.code === -32601);
    client.notify('threatlint/noSuchNotification', { x: 1 });
    client.notify('$/noSuchProtocolNotification', {});
    await assertServing('unknown');
  });

  it('clamps edits with out-of-range positions and keeps the document consistent', async () => {
    const uri = uriOf('ranges.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    const changes = [
      { range: { start: { line: 10_000, character: 0 }, end: { line: 10_001, character: 5 } }, text: '# appended\n' },
      { range: { start: { line: -5, character: -3 }, end: { line: 0, character: 0 } }, text: '' },
      { range: { start: { line: 7, character: 999 }, end: { line: 2, character: 0 } }, text: 'x' },
      { range: { start: { line: 1, character: 1e9 }, end: { line: 1, character: 1e9 } }, text: '' },
    ];
    let version = 1;
    for (const change of changes) client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
    const last = await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
    assert.ok(Array.isArray(last.diagnostics));
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await assertServing('ranges');
  });

  it('after 1,000 rapid changes publishes the latest version last, never an older one after it', async () => {
    const uri = uriOf('rapid.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    for (let v = 2; v <= 1_001; v++) {
      const text = v % 2 ? POD : POD.replace('nginx:latest', 'nginx:1.27');
      client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    }
    const final = await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1_001, 30_000);
    assert.ok(
      final.diagnostics.some((d) => d.code === 'k8s/image-latest-tag'),
      'version 1001 has the latest tag',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const versions = publishes.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    assert.equal(versions.at(-1), 1_001);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      'published in version order',
    );
    assert.ok(versions.length < 1_000, `${versions.length} publishes for 1,000 changes: bursts coalesce`);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('didClose during analysis leaves no diagnostics behind', async () => {
    const uri = uriOf('closing.ts');
    // Slow enough that the close arrives while the analysis is queued or running.
    const text = "import jwt from 'jsonwebtoken';\n" + "export const t = () => jwt.sign({ a: 1 }, 'hard-coded-secret-value');\n".repeat(2_000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + '\n' }] });
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const last = publishes.filter((p) => p.uri === uri).at(-1);
    assert.ok(last, 'the close is answered with a publish');
    assert.deepEqual(last.diagnostics, [], 'the last publish after didClose is empty');
    await assertServing('close');
  });

  it('a cancelled request gets RequestCancelled or its result, and the server keeps serving', async () => {
    const uri = uriOf('cancel.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const request = client.cancellable('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 15 } });
      request.cancel();
      outcomes.push(
        await request.result.then(
          () => 'result',
          (error: { code?: number }) => String(error.code),
        ),
      );
    }
    const scan = client.cancellable<{ cancelled: boolean }>('threatlint/scanWorkspace', {});
    scan.cancel();
    const scanOutcome = await scan.result.then(
      (s) => `scan cancelled=${s.cancelled}`,
      (error: { code?: number }) => String(error.code),
    );
    for (const outcome of [...outcomes, scanOutcome]) assert.match(outcome, /^(result|-32800|scan cancelled=(true|false))$/);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await assertServing('cancel');
  });

  it('keeps its memory flat over 10,000 edits (RSS measured)', async () => {
    const pid = client.pid;
    assert.ok(pid);
    const uri = uriOf('memory.yaml');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    let version = 1;
    /** 10 edits, then wait for the analysis of the last: 10,000 edits make 1,000 analyses. */
    const burst = async (edits: number) => {
      for (let i = 0; i < edits; i++) {
        version++;
        const text = `${POD}# edit ${version}\n${'    - name: s\n      image: busybox\n'.repeat(version % 7)}`;
        client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        if (version % 10 === 0) {
          const v = version;
          await client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === v, 30_000);
        }
      }
    };
    await burst(1_000); // warm up: JIT, caches, heap growth
    const before = rssMb(pid);
    await burst(9_000);
    const after = rssMb(pid);
    const growth = after - before;
    process.stdout.write(`# server RSS after 1,000 edits: ${before.toFixed(1)} MB; after 10,000: ${after.toFixed(1)} MB (growth ${growth.toFixed(1)} MB)\n`);
    assert.ok(growth < 40, `RSS grew ${growth.toFixed(1)} MB over 9,000 edits`);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });
});
