/** The shipped CLI bundle (bin/threatlint.js → server/out/cli.js, built by `npm run build`). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

const BIN = path.join(REPO_ROOT, 'bin', 'threatlint.js');

function cli(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          helpUri: string;
          properties: { tags: string[]; 'security-severity': string; threats: string[] };
          relationships: { target: { id: string; toolComponent: { name: string; index: number } } }[];
        }[];
      };
    };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
      }[];
      partialFingerprints: Record<string, string>;
      fixes?: unknown[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

describe('threatlint CLI', () => {
  it('scans the examples into SARIF with every field code scanning reads, exit 1', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tl-')), 'out.sarif');
    const r = cli(['scan', 'examples', '--format', 'sarif', '--output', out]);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.id && rule.name && rule.shortDescription.text && rule.fullDescription.text && rule.helpUri);
      assert.ok(rule.properties.tags.includes('security'));
      assert.ok(rule.properties.tags.some((t) => t.startsWith('external/cwe/cwe-')));
      assert.ok(Number(rule.properties['security-severity']) > 0);
      assert.ok(rule.properties.threats.length > 0, `${rule.id} names its threats`);
      const related = rule.relationships.filter((r) => r.target.toolComponent.index === 2).map((r) => r.target.id);
      assert.deepEqual(related, rule.properties.threats, `${rule.id} relates to its threat taxa`);
    }
    const languages = new Set(run.results.map((r) => r.ruleId.split('/')[0]));
    for (const prefix of ['k8s', 'docker', 'go', 'ts']) assert.ok(languages.has(prefix), `a ${prefix} finding`);
    for (const result of run.results) {
      const region = result.locations[0].physicalLocation.region;
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine);
      assert.ok(!path.isAbsolute(result.locations[0].physicalLocation.artifactLocation.uri));
      assert.ok(result.partialFingerprints['threatlint/v1']);
    }
    assert.ok(
      run.results.some((r) => r.fixes && r.fixes.length > 0),
      'fixes where a quick fix exists',
    );
    const taxonomies = (run as unknown as { taxonomies: { name: string; taxa: { id: string; helpUri?: string }[] }[] }).taxonomies;
    assert.deepEqual(
      taxonomies.map((t) => t.name),
      ['CWE', 'STRIDE', 'ThreatLint threat model'],
    );
    assert.equal(taxonomies[1].taxa.length, 6);
    const threatTaxa = new Map(taxonomies[2].taxa.map((t) => [t.id, t.helpUri]));
    assert.equal(threatTaxa.get('BS-06'), 'https://github.com/threatlint/threatlint/blob/main/docs/threat-model.md#bs-06');
    for (const rule of run.tool.driver.rules) for (const id of rule.properties.threats) assert.ok(threatTaxa.has(id), `taxon ${id}`);
  });

  it('reports suppressed findings as SARIF suppressions with the justification', () => {
    const r = cli(['scan', 'test/fixtures/threatlint/suppression-reason/negative.yaml', '--format', 'sarif', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const sarif = JSON.parse(r.stdout) as SarifLog;
    const suppressed = sarif.runs[0].results.filter((x) => x.suppressions);
    assert.equal(suppressed.length, 2);
    assert.equal(suppressed[0].suppressions?.[0].kind, 'inSource');
    assert.match(suppressed[0].suppressions?.[0].justification ?? '', /incident review/);
  });

  it('prints compiler-style text lines and honours --fail-on', () => {
    const r = cli(['scan', 'test/fixtures/k8s/image-latest-tag/positive.yaml', '--fail-on', 'none']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^test\/fixtures\/k8s\/image-latest-tag\/positive\.yaml:27:18 warning k8s\/image-latest-tag /m);
    const warningsOnly = 'test/fixtures/docker/image-latest-tag/positive-registry-port.dockerfile';
    assert.equal(cli(['scan', warningsOnly, '--fail-on', 'error']).code, 0, 'only warnings');
    assert.equal(cli(['scan', warningsOnly]).code, 1);
  });

  it('exits 2 with one clear line for a missing path or an unknown option', () => {
    const missing = cli(['scan', 'no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^threatlint: path not found: no\/such\/dir$/m);
    const unknown = cli(['scan', '--frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^threatlint: Unknown option '--frobnicate'/m);
    assert.equal(cli(['scan', '--format', 'xml']).code, 2);
  });

  it('scans bad files without an exception and still reports the good ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-bad-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n');
    fs.writeFileSync(path.join(dir, 'half.go'), 'package main\n\nfunc main() {\n\tx := \n');
    fs.writeFileSync(path.join(dir, 'empty.ts'), '');
    fs.writeFileSync(path.join(dir, 'logo.js'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["sh"]\n');
    const r = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
    const json = JSON.parse(r.stdout) as {
      findings: { ruleId: string; path: string }[];
      notices: { path: string; message: string }[];
      skipped: { reason: string }[];
    };
    assert.ok(json.findings.some((f) => f.ruleId === 'docker/user-root' && f.path === 'Dockerfile'));
    assert.ok(json.notices.some((n) => n.path === 'broken.yaml'));
    assert.ok(json.skipped.some((s) => /binary/.test(s.reason)));
  });

  it('reports an unwritable --output in one line and exits 2', () => {
    const missingDir = path.join(os.tmpdir(), `tl-missing-${process.pid}`, 'x.sarif');
    for (const args of [
      ['scan', 'examples', '--format', 'sarif', '--output', missingDir],
      ['report', 'examples', '--output', missingDir],
      ['baseline', 'examples', '--output', missingDir],
      ['scan', 'examples', '--output', os.tmpdir()],
    ]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^threatlint: cannot write .+: (no such file or directory \(ENOENT\)|it is a directory \(EISDIR\))\n$/, args.join(' '));
    }
  });

  it('lists the rules', () => {
    const r = cli(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const rules = JSON.parse(r.stdout) as { id: string; cwe: number[]; stride: string[] }[];
    assert.ok(rules.length >= 5 && rules.every((x) => x.cwe.length > 0 && x.stride.length > 0));
  });
});
