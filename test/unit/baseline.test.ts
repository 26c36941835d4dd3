/** Baselines: `threatlint baseline`, `baseline:` in the config, --show-baselined, and the core matcher. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyBaseline, baselineSource, createBaseline, readBaseline } from '../../project/baseline';
import type { Finding } from '../../engine/types';
import { effectiveSettings } from '../../server/src/settings';
import { cliFromSource } from '../support/cliFromSource';

const cli = cliFromSource;

interface JsonOut {
  findings: { ruleId: string; path: string; suppressed?: { reason: string } }[];
}

describe('threatlint baseline + baseline: in .threatlint.yaml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-baseline-'));
  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'Dockerfile'), '# build\nFROM node\nCMD ["node", "a.js"]\n');
  fs.writeFileSync(path.join(dir, '.threatlint.yaml'), 'baseline: .threatlint-baseline.json\n');

  it('writes the current findings to the configured file', () => {
    const r = cli(['baseline', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote 2 findings to baseline \.threatlint-baseline\.json/);
    const written = JSON.parse(fs.readFileSync(path.join(dir, '.threatlint-baseline.json'), 'utf8'));
    assert.equal(written.tool, 'threatlint');
    assert.deepEqual(
      written.findings.map((f: { ruleId: string; path: string; line: number }) => `${f.path}:${f.line} ${f.ruleId}`),
      ['app/Dockerfile:2 docker/image-latest-tag', 'app/Dockerfile:2 docker/user-root'],
    );
  });

  it('then scans show only new findings (exit 1 only for them); --show-baselined shows all', () => {
    assert.equal(cli(['scan', '.'], dir).code, 0, 'nothing new');
    fs.writeFileSync(path.join(app, 'Dockerfile'), '# build\n# moved down\nFROM node\nADD https://example.com/x.tgz /x\nCMD ["node", "a.js"]\n');
    const out = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(out.code, 1);
    const findings = (JSON.parse(out.stdout) as JsonOut).findings;
    assert.deepEqual(
      findings.filter((f) => !f.suppressed).map((f) => f.ruleId),
      ['docker/add-remote-url'],
    );
    assert.ok(findings.filter((f) => f.suppressed).every((f) => /in baseline \.threatlint-baseline\.json/.test(f.suppressed!.reason)));
    const all = JSON.parse(cli(['scan', '.', '--format', 'json', '--show-baselined'], dir).stdout) as JsonOut;
    assert.equal(all.findings.filter((f) => !f.suppressed).length, 3);
  });

  it('matches from another working directory (paths are relative to the baseline file)', () => {
    const out = JSON.parse(cli(['scan', 'Dockerfile', '--format', 'json', '--config', path.join(dir, '.threatlint.yaml')], app).stdout) as JsonOut;
    assert.deepEqual(
      out.findings.filter((f) => !f.suppressed).map((f) => f.ruleId),
      ['docker/add-remote-url'],
    );
  });

  it('a missing --baseline file is a usage error (exit 2); a configured one not yet created is empty', () => {
    const r = cli(['scan', '.', '--baseline', 'nope.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read baseline nope\.json/);
    fs.writeFileSync(path.join(dir, '.threatlint.yaml'), 'baseline: not-yet.json\n');
    assert.equal(cli(['scan', '.'], dir).code, 1);
  });
});

describe('core baseline matching', () => {
  const finding = (start: number, ruleId = 'k8s/image-latest-tag'): Finding => ({
    ruleId,
    severity: 'warning',
    messageId: 'm',
    message: 'm',
    range: { start, end: start + 1 },
  });
  it('survives edits elsewhere in the file and tells identical lines apart by occurrence', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-core-'));
    const file = path.join(dir, 'pod.yaml');
    const text = 'a: 1\nimage: x:latest\nimage: x:latest\n';
    const baselineFile = path.join(dir, 'b.json');
    fs.writeFileSync(baselineFile, JSON.stringify(createBaseline(baselineFile, [baselineSource(file, text, [finding(5)])])));
    const baseline = readBaseline(baselineFile);
    const moved = '# new comment\na: 1\nimage: x:latest\nimage: x:latest\n';
    const findings = [finding(moved.indexOf('image')), finding(moved.lastIndexOf('image'))];
    assert.equal(applyBaseline(baseline, file, moved, findings), 1);
    assert.equal(findings[0].suppression?.kind, 'external');
    assert.equal(findings[1].suppression, undefined, 'the second identical line is a new finding');
  });
});

describe('editor settings: baseline and showBaselined', () => {
  it('uses .threatlint-baseline.json at the workspace root by default, baseline: when configured, none with showBaselined', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-settings-'));
    const write = (name: string) =>
      fs.writeFileSync(
        path.join(root, name),
        JSON.stringify({ version: 1, tool: 'threatlint', findings: [{ fingerprint: name, ruleId: 'x', path: 'a', line: 1 }] }),
      );
    assert.equal(effectiveSettings({}, root).baseline(), undefined, 'no file yet');
    write('.threatlint-baseline.json');
    assert.deepEqual([...effectiveSettings({}, root).baseline()!.prints], ['.threatlint-baseline.json']);
    assert.equal(effectiveSettings({ showBaselined: true }, root).baseline(), undefined);
    assert.equal(effectiveSettings({ showBaselined: true }, root).baselineKey(), '');
    write('team.json');
    fs.writeFileSync(path.join(root, '.threatlint.yaml'), 'baseline: team.json\n');
    assert.deepEqual([...effectiveSettings({}, root).baseline()!.prints], ['team.json']);
    assert.match(effectiveSettings({}, root).baselineKey(), /team\.json@/);
  });
});

describe('a corrupt baseline fails the same way in the CLI and the editor', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-corrupt-'));
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM node\nCMD ["node", "a.js"]\n');
  fs.writeFileSync(path.join(root, '.threatlint-baseline.json'), '{ not json');

  it('the CLI stops with one line and exit 2', () => {
    const r = cli(['scan', '.'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^threatlint: cannot read baseline .*\.threatlint-baseline\.json: /);
  });

  it('the editor gets the same message (shown once by the server) and checks without the baseline', () => {
    const settings = effectiveSettings({}, root);
    assert.equal(settings.baseline(), undefined);
    assert.match(settings.baselineError() ?? '', /^cannot read baseline .*\.threatlint-baseline\.json: /);
    fs.writeFileSync(path.join(root, '.threatlint-baseline.json'), JSON.stringify({ version: 1, tool: 'threatlint', findings: [] }));
    const fixed = effectiveSettings({}, root);
    assert.ok(fixed.baseline());
    assert.equal(fixed.baselineError(), undefined);
  });
});
