/**
 * From findings back to the threat model: one "threat" per rule (every rule implements threats
 * of docs/threat-model.md), with its STRIDE categories, severity, mitigation (the rule's remediation), where
 * it is open, and a status shaped like a threat-modelling tool's:
 *   Not Started            the rule has open findings;
 *   Not Applicable         every finding is suppressed; the suppression reasons are the justification;
 *   Needs Investigation    nothing found, but a relevant file could not be fully analysed;
 *   Mitigation Implemented the rule ran on relevant files and found nothing.
 * Rules that had no file of their languages (or were turned off) are not assessed.
 * Input is neutral (paths, 1-based lines), so the CLI and the language server both build it.
 */
import { onlineThreatHref } from './ruleDocs';
import { LineIndex } from '../engine/lineIndex';
import type { ScanReport } from '../project/scan';
import type { Language, Rule, RuleSettings, Severity, Stride } from '../engine/types';
import { STRIDE } from '../engine/types';
import type { ThreatId } from '../engine/threats';

export const THREAT_STATUSES = ['Not Started', 'Not Applicable', 'Needs Investigation', 'Mitigation Implemented'] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

/** How the bookstore threat model names severities. */
export const SEVERITY_LABEL: Record<Severity, string> = { error: 'High', warning: 'Medium', note: 'Low' };
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'note'];

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based. */
  line: number;
  column: number;
  /** Present when suppressed (in source or by a baseline). */
  suppressed?: { kind: 'inSource' | 'external'; reason: string };
}

export interface ReportFile {
  /** Relative to the report's base, `/`-separated. */
  path: string;
  /** Undefined when ThreatLint has no rules for the file. */
  language?: Language;
  /** The file was analysed only in part (parse error, failed rule) or skipped. */
  incomplete: boolean;
  findings: ReportFinding[];
}

export interface ThreatLocation {
  path: string;
  line: number;
  column: number;
  message: string;
  severity: Severity;
}

export interface Threat {
  /** 1-based, in report order (STRIDE section, then status, severity, rule id). */
  number: number;
  ruleId: string;
  title: string;
  /** The threat the rule checks for, in the rule's words. */
  description: string;
  /** The threat-model entries it implements, each linked to its section of the published page. */
  modelThreats: { id: ThreatId; href: string }[];
  stride: Stride[];
  /** The section it is listed under: its first STRIDE category. */
  category: Stride;
  cwe: number[];
  /** Highest open severity, else the rule's default. */
  severity: Severity;
  mitigation: string;
  status: ThreatStatus;
  open: ThreatLocation[];
  suppressed: (ThreatLocation & { reason: string; kind: 'inSource' | 'external' })[];
  /** Relevant files the rule ran on. */
  filesChecked: number;
}

export interface ThreatReport {
  title: string;
  files: number;
  /** Files that could not be read or analysed at all. */
  skipped: number;
  threats: Threat[];
  status: Record<ThreatStatus, number> & { Total: number };
  /** Open findings by STRIDE category (each finding counts under every category of its rule) and severity. */
  chart: Record<Stride, Record<Severity, number>>;
  /** Rules not assessed: no files of their languages, turned off, or missing the setting they need. */
  notAssessed: string[];
}

export interface BuildOptions {
  title: string;
  skipped?: number;
  /** Rule ids turned off by configuration. */
  off?: ReadonlySet<string>;
  /** Rule settings in effect: a rule whose `enabledBy` setting is empty checked nothing. */
  settings?: RuleSettings;
}

export function buildThreatReport(files: readonly ReportFile[], rules: readonly Rule[], options: BuildOptions): ThreatReport {
  const sortedFiles = [...files].sort((a, b) => compare(a.path, b.path));
  const chart = Object.fromEntries(STRIDE.map((s) => [s, { error: 0, warning: 0, note: 0 }])) as ThreatReport['chart'];
  const threats: Threat[] = [];
  const notAssessed: string[] = [];
  for (const { meta } of rules) {
    const relevant = sortedFiles.filter((f) => f.language !== undefined && meta.languages.includes(f.language));
    const enabler = meta.enabledBy && options.settings?.[meta.enabledBy];
    const inactive = meta.enabledBy !== undefined && !(Array.isArray(enabler) ? enabler.length > 0 : enabler);
    if (relevant.length === 0 || options.off?.has(meta.id) || inactive) {
      notAssessed.push(meta.id);
      continue;
    }
    const open: Threat['open'] = [];
    const suppressed: Threat['suppressed'] = [];
    for (const file of relevant) {
      for (const f of file.findings) {
        if (f.ruleId !== meta.id) continue;
        const location = { path: file.path, line: f.line, column: f.column, message: f.message, severity: f.severity };
        if (f.suppressed) suppressed.push({ ...location, reason: f.suppressed.reason, kind: f.suppressed.kind });
        else open.push(location);
      }
    }
    for (const o of open) for (const s of meta.stride) chart[s][o.severity]++;
    const status: ThreatStatus =
      open.length > 0
        ? 'Not Started'
        : suppressed.length > 0
          ? 'Not Applicable'
          : relevant.some((f) => f.incomplete)
            ? 'Needs Investigation'
            : 'Mitigation Implemented';
    threats.push({
      number: 0,
      ruleId: meta.id,
      title: meta.title,
      description: meta.threat.summary.replace(/\.?$/, '.'),
      modelThreats: meta.threat.ids.map((id) => ({ id, href: onlineThreatHref(id) })),
      stride: meta.stride,
      category: meta.stride[0],
      cwe: meta.cwe,
      severity: open.length > 0 ? highest(open.map((o) => o.severity)) : meta.severity,
      mitigation: meta.remediation,
      status,
      open,
      suppressed,
      filesChecked: relevant.length,
    });
  }
  threats.sort(
    (a, b) =>
      STRIDE.indexOf(a.category) - STRIDE.indexOf(b.category) ||
      THREAT_STATUSES.indexOf(a.status) - THREAT_STATUSES.indexOf(b.status) ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      compare(a.ruleId, b.ruleId),
  );
  threats.forEach((t, i) => (t.number = i + 1));
  const status = { 'Not Started': 0, 'Not Applicable': 0, 'Needs Investigation': 0, 'Mitigation Implemented': 0, Total: threats.length };
  for (const t of threats) status[t.status]++;
  return { title: options.title, files: files.length, skipped: options.skipped ?? 0, threats, status, chart, notAssessed: notAssessed.sort(compare) };
}

function highest(severities: Severity[]): Severity {
  return SEVERITY_ORDER.find((s) => severities.includes(s)) ?? 'note';
}

/** Locale-independent, so reports are byte-identical everywhere. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The neutral report input from a CLI scan. */
export function reportFilesFromScan(scan: ScanReport): ReportFile[] {
  return scan.files.map((file) => {
    const lines = new LineIndex(file.text);
    return {
      path: file.relativePath,
      language: file.result.language,
      incomplete: file.result.notices.length > 0,
      findings: file.result.findings.map((f) => {
        const at = lines.positionAt(f.range.start);
        return {
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          line: at.line + 1,
          column: at.character + 1,
          suppressed: f.suppression && { kind: f.suppression.kind, reason: f.suppression.reason },
        };
      }),
    };
  });
}
