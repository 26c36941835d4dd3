import { pathToFileURL } from 'node:url';
import { cweUrl, DOCS_BASE_URL, docPath, onlineThreatHref } from './ruleDocs';
import { fingerprints } from '../project/fingerprint';
import { LineIndex } from '../engine/lineIndex';
import type { FileResult, ScanReport } from '../project/scan';
import { STRIDE, type OffsetRange, type Rule, type Severity } from '../engine/types';
import { renderRuleHelp } from './ruleHelp';
import { THREAT_IDS, THREAT_MODEL_DOC, threatEntry } from '../engine/threats';

/** GitHub code scanning reads this to rank findings (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', note: '3.0' };
const THREAT_TAXONOMY = 'ThreatLint threat model';

export interface SarifOptions {
  rules: readonly Rule[];
  version: string;
  baseDir: string;
}

/** SARIF 2.1.0 fit for GitHub code scanning: rule table with CWE/STRIDE tags, exact regions, fixes, suppressions. */
export function formatSarif(report: ScanReport, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.meta.id, i]));
  const results = report.files.flatMap((file) => resultsOf(file, ruleIndex));
  const notifications = [
    ...report.files.flatMap((file) =>
      file.result.notices.map((n) => ({
        level: 'note',
        message: { text: n.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: file.relativePath, uriBaseId: '%SRCROOT%' } } }],
      })),
    ),
    ...report.skipped.map((s) => ({ level: 'note', message: { text: `skipped ${s.file}: ${s.reason}` } })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ThreatLint',
            semanticVersion: options.version,
            version: options.version,
            informationUri: DOCS_BASE_URL,
            rules: options.rules.map(sarifRule),
            supportedTaxonomies: [
              { name: 'CWE', index: 0 },
              { name: 'STRIDE', index: 1 },
              { name: THREAT_TAXONOMY, index: 2 },
            ],
          },
        },
        taxonomies: taxonomies(options.rules),
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.baseDir).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** CWE, STRIDE and our threat model as SARIF taxonomies, so viewers can group results by weakness, threat category or threat. */
function taxonomies(rules: readonly Rule[]) {
  const cwes = [...new Set(rules.flatMap((r) => r.meta.cwe))].sort((a, b) => a - b);
  const threats = new Set(rules.flatMap((r) => r.meta.threat.ids));
  return [
    {
      name: 'CWE',
      organization: 'MITRE',
      informationUri: 'https://cwe.mitre.org/',
      taxa: cwes.map((id) => ({ id: String(id), name: `CWE-${id}`, helpUri: cweUrl(id) })),
    },
    {
      name: 'STRIDE',
      organization: 'Microsoft',
      shortDescription: { text: 'Threat categories: Spoofing, Tampering, Repudiation, Information Disclosure, Denial of Service, Elevation of Privilege' },
      taxa: STRIDE.map((category) => ({ id: category, name: category })),
    },
    {
      name: THREAT_TAXONOMY,
      organization: 'ThreatLint',
      informationUri: DOCS_BASE_URL + THREAT_MODEL_DOC,
      shortDescription: { text: 'The threats ThreatLint checks for, by id (BS-06, PILLAR-CONTAINER-1, STRIDE-T-GRPC, …)' },
      // Like CWE, only the threats some rule names, in the page's order.
      taxa: THREAT_IDS.filter((id) => threats.has(id)).map((id) => ({
        id,
        name: id,
        shortDescription: { text: threatEntry(id).title },
        helpUri: onlineThreatHref(id),
      })),
    },
  ];
}

function sarifRule(rule: Rule) {
  const { meta } = rule;
  return {
    relationships: [
      ...meta.cwe.map((id) => ({ target: { id: String(id), toolComponent: { name: 'CWE', index: 0 } }, kinds: ['superset'] })),
      ...meta.stride.map((category) => ({ target: { id: category, toolComponent: { name: 'STRIDE', index: 1 } }, kinds: ['relevant'] })),
      ...meta.threat.ids.map((id) => ({ target: { id, toolComponent: { name: THREAT_TAXONOMY, index: 2 } }, kinds: ['relevant'] })),
    ],
    id: meta.id,
    name: meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: `${meta.description}\n\nRemediation: ${meta.remediation}`, markdown: renderRuleHelp(rule, onlineThreatHref) },
    helpUri: DOCS_BASE_URL + docPath(meta.id),
    defaultConfiguration: { level: meta.severity },
    properties: {
      tags: ['security', ...meta.cwe.map((c) => `external/cwe/cwe-${c}`), ...meta.stride],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: 'high',
      stride: meta.stride,
      cwe: meta.cwe.map((c) => `CWE-${c}`),
      threats: meta.threat.ids,
    },
  };
}

function resultsOf(file: FileResult, ruleIndex: Map<string, number>) {
  const lines = new LineIndex(file.text);
  const region = (range: OffsetRange) => {
    const start = lines.positionAt(range.start);
    const end = lines.positionAt(range.end);
    return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  const artifactLocation = { uri: file.relativePath, uriBaseId: '%SRCROOT%' };
  const prints = fingerprints(file.relativePath, file.text, lines, file.result.findings);
  return file.result.findings.map((f, i) => {
    const fingerprint = prints[i];
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: f.severity,
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(f.range) } }],
      relatedLocations: f.related?.map((r, i) => ({
        id: i + 1,
        message: { text: r.message },
        physicalLocation: { artifactLocation, region: region(r.range) },
      })),
      partialFingerprints: { 'threatlint/v1': fingerprint },
      fixes: f.fix
        ? [
            {
              description: { text: f.fix.title },
              artifactChanges: [
                { artifactLocation, replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) },
              ],
            },
          ]
        : undefined,
      suppressions: f.suppression ? [{ kind: f.suppression.kind, status: 'accepted', justification: f.suppression.reason }] : undefined,
    };
  });
}
