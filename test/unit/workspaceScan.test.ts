/**
 * The workspace scan through the real server process: worker-pool analysis of files never opened,
 * incremental re-scans, watched-file updates, cancellation, and the CLI's pool giving the same
 * results as one thread.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

interface Publish {
  uri: string;
  diagnostics: { code?: string }[];
}
interface Summary {
  files: number;
  analysed: number;
  cancelled: boolean;
  findings: { error: number; warning: number; note: number };
}

const ROOTLESS_DOCKERFILE = 'FROM golang:1.22 AS build\nRUN go build ./...\nFROM gcr.io/distroless/static:nonroot\nUSER 65532\nCMD ["/app"]\n';

/** 120 files (over the server's pool threshold): Dockerfiles running as root, and clean ones. */
function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-scan-'));
  for (let i = 0; i < 60; i++) {
    const service = path.join(dir, 'services', `svc-${i}`);
    fs.mkdirSync(service, { recursive: true });
    fs.writeFileSync(path.join(service, 'Dockerfile'), `FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server-${i}.js"]\n`);
    fs.writeFileSync(path.join(service, 'Dockerfile.prod'), ROOTLESS_DOCKERFILE);
  }
  fs.mkdirSync(path.join(dir, 'ignored'));
  fs.writeFileSync(path.join(dir, 'ignored', 'Dockerfile'), 'FROM node\n');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
  return dir;
}

describe('workspace scan (server, worker pool)', () => {
  let client: LspClient;
  let dir: string;
  const published = new Map<string, Publish>();

  before(async () => {
    dir = makeWorkspace();
    client = new LspClient(process.execPath, [path.join(REPO_ROOT, 'server', 'out', 'server.js'), '--stdio']);
    await client.initialize(pathToFileURL(dir).href);
    client.onNotification<Publish>('textDocument/publishDiagnostics', (p) => published.set(p.uri, p));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
  const codes = (relative: string) => published.get(uriOf(relative))?.diagnostics.map((d) => d.code);

  it('analyses every file, none of them open, honouring .gitignore', async () => {
    const summary = await client.request<Summary>('threatlint/scanWorkspace', {});
    assert.equal(summary.files, 120);
    assert.equal(summary.analysed, 120);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.findings.error, 60, 'one docker/user-root error per root Dockerfile');
    assert.ok(codes('services/svc-7/Dockerfile')?.includes('docker/user-root'));
    assert.deepEqual(codes('services/svc-7/Dockerfile.prod'), []);
    assert.equal(published.has(uriOf('ignored/Dockerfile')), false);
  });

  it('re-scans incrementally: unchanged files are not analysed again', async () => {
    const target = path.join(dir, 'services', 'svc-3', 'Dockerfile');
    fs.writeFileSync(target, ROOTLESS_DOCKERFILE);
    const summary = await client.request<Summary>('threatlint/scanWorkspace', {});
    assert.equal(summary.files, 120);
    assert.equal(summary.analysed, 1);
    assert.equal(summary.findings.error, 59);
    assert.deepEqual(codes('services/svc-3/Dockerfile'), []);
  });

  it('updates results from watched-file events: changed, created and deleted files', async () => {
    const changed = path.join(dir, 'services', 'svc-3', 'Dockerfile');
    fs.writeFileSync(changed, 'FROM node:20\nUSER root\n');
    const created = path.join(dir, 'services', 'new', 'Dockerfile');
    fs.mkdirSync(path.dirname(created));
    fs.writeFileSync(created, 'FROM python:3.12-slim\nCMD ["python"]\n');
    const deleted = path.join(dir, 'services', 'svc-9', 'Dockerfile');
    fs.rmSync(deleted);
    const ignored = path.join(dir, 'ignored', 'Dockerfile');
    fs.writeFileSync(ignored, 'FROM node\nUSER root\n');
    const waitFor = (file: string, predicate: (p: Publish) => boolean) =>
      client.waitFor<Publish>('textDocument/publishDiagnostics', (p) => p.uri === pathToFileURL(file).href && predicate(p));
    const updates = Promise.all([
      waitFor(changed, (p) => p.diagnostics.some((d) => d.code === 'docker/user-root')),
      waitFor(created, (p) => p.diagnostics.some((d) => d.code === 'docker/user-root')),
      waitFor(deleted, (p) => p.diagnostics.length === 0),
    ]);
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: pathToFileURL(changed).href, type: 2 },
        { uri: pathToFileURL(created).href, type: 1 },
        { uri: pathToFileURL(deleted).href, type: 3 },
        { uri: pathToFileURL(ignored).href, type: 2 },
      ],
    });
    await updates;
    assert.equal(published.has(pathToFileURL(ignored).href), false, 'a gitignored file stays out of the results');
  });

  it('stops promptly when the scan is cancelled', async () => {
    await client.request('threatlint/clearResults', null);
    const scan = client.cancellable<Summary>('threatlint/scanWorkspace', {});
    scan.cancel();
    const summary = await scan.result;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.analysed < 120, `analysed ${summary.analysed} of 120 before stopping`);
  });

  it('clears published results on request', async () => {
    await client.request<Summary>('threatlint/scanWorkspace', {});
    const cleared = client.waitFor<Publish>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uriOf('services/svc-1/Dockerfile') && p.diagnostics.length === 0,
    );
    await client.request('threatlint/clearResults', null);
    await cleared;
  });
});

describe('CLI worker pool', () => {
  it('gives the same findings with --jobs 2 as with --jobs 1', () => {
    const run = (jobs: string) => {
      const r = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, 'bin', 'threatlint.js'), 'scan', 'examples', 'test/fixtures', '--format', 'json', '--fail-on', 'none', '--jobs', jobs],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const one = run('1');
    assert.ok(JSON.parse(one).findings.length > 100);
    assert.equal(run('2'), one);
  });
});
