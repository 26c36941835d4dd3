/** The threat-model report: model, renderers, the CLI command and the committed example report. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { buildThreatReport, type ReportFile, type ThreatReport } from '../../output/report';
import { renderReportHtml, renderReportMarkdown } from '../../output/reportRender';
import { STRIDE } from '../../engine/types';
import { cliFromSource } from '../support/cliFromSource';
import { REPO_ROOT } from '../support/fixtures';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'booksstore');
const TITLE = 'Threat Model Report: BooksStore';

/** The CLI from source, run where `npm run report:example` runs it. */
function report(format: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'cli', 'main.ts'), 'report', '.', '--title', TITLE, '--format', format], {
    cwd: EXAMPLE,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('threatlint report on the example workspace', () => {
  const markdown = report('markdown');
  const json = JSON.parse(report('json')) as ThreatReport;

  it('examples/booksstore/THREAT-MODEL-REPORT.md is what the CLI writes (npm run report:example)', () => {
    assert.equal(fs.readFileSync(path.join(EXAMPLE, 'THREAT-MODEL-REPORT.md'), 'utf8'), markdown);
  });

  it('has all six STRIDE sections, each with open findings, and the status table', () => {
    for (const category of STRIDE) {
      assert.match(markdown, new RegExp(`^## ${category}$`, 'm'));
      const open = Object.values(json.chart[category]).reduce((a, b) => a + b, 0);
      assert.ok(open > 0, `${category} has open findings`);
      assert.ok(
        json.threats.some((t) => t.category === category && t.status === 'Not Started'),
        `${category} has a Not Started threat`,
      );
    }
    assert.match(markdown, /^\| Not Started \| \d+ \|/m);
    assert.match(markdown, /^\| Mitigation Implemented \| \d+ \|/m);
    const s = json.status;
    assert.equal(s['Not Started'] + s['Not Applicable'] + s['Needs Investigation'] + s['Mitigation Implemented'], s.Total);
    assert.equal(s.Total, json.threats.length);
  });

  it("numbers threats in order; their open locations are exactly the scan's open findings, linked to file and line", () => {
    assert.deepEqual(
      json.threats.map((t) => t.number),
      json.threats.map((_, i) => i + 1),
    );
    const scan = JSON.parse(cliFromSource(['scan', '.', '--format', 'json', '--fail-on', 'none'], EXAMPLE).stdout) as {
      findings: { ruleId: string; path: string; start: { line: number }; suppressed?: unknown }[];
    };
    const expected = (id: string) =>
      scan.findings
        .filter((f) => f.ruleId === id && !f.suppressed)
        .map((f) => `${f.path}:${f.start.line}`)
        .sort();
    for (const t of json.threats) assert.deepEqual(t.open.map((o) => `${o.path}:${o.line}`).sort(), expected(t.ruleId), t.ruleId);
    const sql = json.threats.find((t) => t.ruleId === 'go/sql-string-built');
    assert.equal(sql?.status, 'Not Started');
    const first = sql!.open[0];
    assert.ok(markdown.includes(`[${first.path}:${first.line}](${first.path}#L${first.line})`));
    assert.equal(sql?.mitigation, allRules.find((r) => r.meta.id === 'go/sql-string-built')?.meta.remediation);
  });

  it('a threat whose findings are all suppressed is Not Applicable, with the reason as justification', () => {
    const host = json.threats.find((t) => t.ruleId === 'k8s/host-namespaces');
    assert.equal(host?.status, 'Not Applicable');
    assert.equal(host?.suppressed.length, 2);
    assert.match(
      markdown,
      /\| \d+ \| Elevation of Privilege \| \[deploy\/k8s\/node-exporter\.yaml:21\]\(deploy\/k8s\/node-exporter\.yaml#L21\) \| node-exporter reads host network/,
    );
  });

  it('checks that need a setting the workspace lacks are not assessed, not "mitigated"', () => {
    assert.ok(json.notAssessed.includes('k8s/image-registry-allowlist') && json.notAssessed.includes('docker/image-registry-allowlist'));
    assert.ok(!json.threats.some((t) => t.ruleId.endsWith('/image-registry-allowlist')));
  });

  it('each threat cites its threat-model ids, linked to their sections of the published page', () => {
    const run = json.threats.find((t) => t.ruleId === 'k8s/run-as-root');
    const page = 'https://github.com/threatlint/threatlint/blob/main/docs/threat-model.md';
    assert.deepEqual(
      run?.modelThreats,
      ['BS-06', 'BS-15', 'BS-16'].map((id) => ({ id, href: `${page}#${id.toLowerCase()}` })),
    );
    assert.ok(markdown.includes(`([BS-06](${page}#bs-06), [BS-15](${page}#bs-15), [BS-16](${page}#bs-16); [CWE-250]`));
    assert.doesNotMatch(markdown, /seed/i);
  });

  it('the stale suppression in the example is a Repudiation threat', () => {
    const stale = json.threats.find((t) => t.ruleId === 'threatlint/stale-suppression');
    assert.equal(stale?.category, 'Repudiation');
    assert.deepEqual(
      stale?.open.map((o) => `${o.path}:${o.line}`),
      ['deploy/k8s/node-exporter.yaml:31'],
    );
  });
});

describe('threatlint report options', () => {
  it('--output writes the file with links relative to it; --format html is a page without scripts; bad formats exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-report-'));
    const out = path.join(dir, 'nested', 'report.html');
    fs.mkdirSync(path.dirname(out));
    const r = cliFromSource(['report', 'deploy/k8s', '--format', 'html', '--output', out], EXAMPLE);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<title>Threat Model Report<\/title>/);
    assert.doesNotMatch(html, /<script/i);
    const link = path
      .relative(path.dirname(out), path.join(EXAMPLE, 'deploy', 'k8s', 'ingress.yaml'))
      .split(path.sep)
      .join('/');
    assert.ok(html.includes(`href="${link}#L9"`), `a link to ${link}#L9`);
    const bad = cliFromSource(['report', '.', '--format', 'sarif'], EXAMPLE);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown --format "sarif" for report; use markdown, html or json/);
  });
});

describe('buildThreatReport', () => {
  const rule = (id: string) => allRules.find((r) => r.meta.id === id)!;
  const rules = ['k8s/image-latest-tag', 'k8s/run-as-root', 'k8s/resource-limits', 'k8s/ingress-tls', 'go/sql-string-built', 'docker/user-root'].map(rule);
  const files: ReportFile[] = [
    {
      path: 'b.yaml',
      language: 'kubernetes',
      incomplete: false,
      findings: [
        { ruleId: 'k8s/image-latest-tag', severity: 'warning', message: 'latest', line: 3, column: 5 },
        {
          ruleId: 'k8s/run-as-root',
          severity: 'error',
          message: 'root',
          line: 2,
          column: 1,
          suppressed: { kind: 'inSource', reason: 'init container needs root' },
        },
      ],
    },
    { path: 'a.yaml', language: 'kubernetes', incomplete: false, findings: [] },
    { path: 'broken.go', language: 'go', incomplete: true, findings: [] },
  ];
  const built = buildThreatReport(files, rules, { title: 'T', off: new Set(['k8s/ingress-tls']) });
  const status = (id: string) => built.threats.find((t) => t.ruleId === id)?.status;

  it('derives each status from findings, suppressions and coverage', () => {
    assert.equal(status('k8s/image-latest-tag'), 'Not Started');
    assert.equal(status('k8s/run-as-root'), 'Not Applicable');
    assert.equal(status('k8s/resource-limits'), 'Mitigation Implemented');
    assert.equal(status('go/sql-string-built'), 'Needs Investigation', 'its only Go file was analysed in part');
    assert.deepEqual(built.notAssessed, ['docker/user-root', 'k8s/ingress-tls'], 'no Dockerfile; turned off');
    assert.deepEqual({ ...built.status }, { 'Not Started': 1, 'Not Applicable': 1, 'Needs Investigation': 1, 'Mitigation Implemented': 1, Total: 4 });
  });

  it('counts open findings by STRIDE and severity, and groups threats by their first category', () => {
    assert.equal(built.chart.Tampering.warning, 1);
    assert.equal(built.chart['Elevation of Privilege'].error, 0, 'suppressed findings are not open');
    const order = built.threats.map((t) => STRIDE.indexOf(t.category));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  it('renders HTML with a strict CSP, no scripts, an SVG chart and the given links', () => {
    const html = renderReportHtml(built, { href: (p, line) => `command:open?${p}:${line}` });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';">/);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<svg class="chart"[^>]*>.*<rect [^>]*fill="#d4a72c"><title>Tampering: 1 Medium<\/title>/s);
    assert.ok(html.includes('href="command:open?b.yaml:3"'));
    assert.ok(html.includes('init container needs root'));
  });

  it('is deterministic: the same input renders the same bytes', () => {
    const again = buildThreatReport([...files].reverse(), rules, { title: 'T', off: new Set(['k8s/ingress-tls']) });
    const href = (p: string, line: number) => `${p}#L${line}`;
    assert.equal(renderReportMarkdown(again, { href }), renderReportMarkdown(built, { href }));
  });
});

describe('SARIF taxonomies', () => {
  it('every rule relates to CWE, STRIDE and threat-model taxa that the run declares', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'cli', 'main.ts'), 'scan', 'deploy', '--format', 'sarif', '--fail-on', 'none'],
      { cwd: EXAMPLE, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const run = JSON.parse(r.stdout).runs[0] as {
      taxonomies: { name: string; taxa: { id: string }[] }[];
      tool: { driver: { rules: { id: string; relationships: { target: { id: string; toolComponent: { name: string } } }[] }[] } };
    };
    const taxa = new Map(run.taxonomies.map((t) => [t.name, new Set(t.taxa.map((x) => x.id))]));
    for (const rule of run.tool.driver.rules) {
      const meta = allRules.find((x) => x.meta.id === rule.id)!.meta;
      const targets = (name: string) => rule.relationships.filter((rel) => rel.target.toolComponent.name === name).map((rel) => rel.target.id);
      assert.deepEqual(targets('CWE'), meta.cwe.map(String), rule.id);
      assert.deepEqual(targets('STRIDE'), meta.stride, rule.id);
      assert.deepEqual(targets('ThreatLint threat model'), meta.threat.ids, rule.id);
      for (const [name, ids] of taxa) for (const id of targets(name)) assert.ok(ids.has(id), `${rule.id} → ${name} ${id} is declared`);
    }
  });
});
