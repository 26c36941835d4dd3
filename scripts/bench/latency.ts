/**
 * As-you-type latency over the real server process on stdio: each edit is a JSON-RPC
 * `didChange`, timed until the `publishDiagnostics` for that version arrives; the server's
 * own compute time comes from its `threatlint/analysisTiming` notification.
 */
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../test/support/lspClient';

export interface Latency {
  lines: number;
  edits: number;
  p50Ms: number;
  p95Ms: number;
  computeP50Ms: number;
  computeP95Ms: number;
}

interface Publish {
  uri: string;
  version?: number;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, at)] * 100) / 100;
}

export function startServer(serverJs: string): LspClient {
  return new LspClient(process.execPath, [serverJs, '--stdio']);
}

export async function initialize(client: LspClient, rootDir: string): Promise<void> {
  const rootUri = pathToFileURL(rootDir).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri,
    capabilities: {},
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    initializationOptions: { timing: true },
  });
  client.notify('initialized', {});
}

/** The line nearest the middle that holds a comment: typing there keeps the findings stable. */
function editLine(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let d = 0; d < lines.length; d++) {
    for (const at of [middle + d, middle - d]) {
      const line = lines[at];
      if (line !== undefined && /^\s*(\/\/|#)/.test(line)) return { line: at, character: line.length };
    }
  }
  return { line: middle, character: (lines[middle] ?? '').length };
}

/** Opens `text` as `file`, then types and deletes one character `edits` times, one at a time. */
export async function measureTyping(client: LspClient, file: string, languageId: string, text: string, edits: number): Promise<Latency> {
  const uri = pathToFileURL(file).href;
  const compute = new Map<number, number>();
  const stop = client.onNotification<{ uri: string; version: number; computeMs: number }>('threatlint/analysisTiming', (t) => {
    if (t.uri === uri) compute.set(t.version, t.computeMs);
  });
  const published = (version: number) => client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 30_000);
  const opened = published(1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await opened;
  const at = editLine(text);
  const roundTrip: number[] = [];
  for (let version = 2; version < edits + 2; version++) {
    const insert = version % 2 === 0;
    const range = insert ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
    const done = published(version);
    const started = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? 'x' : '' }] });
    await done;
    roundTrip.push(performance.now() - started);
  }
  stop();
  client.notify('textDocument/didClose', { textDocument: { uri } });
  const computed = [...compute.entries()].filter(([v]) => v >= 2).map(([, ms]) => ms);
  return {
    lines: text.split('\n').length,
    edits,
    p50Ms: percentile(roundTrip, 50),
    p95Ms: percentile(roundTrip, 95),
    computeP50Ms: percentile(computed, 50),
    computeP95Ms: percentile(computed, 95),
  };
}
