/**
 * ThreatLint's custom LSP messages, shared by server and client. No imports, so the
 * client bundle does not pull in server code.
 */
export const Methods = {
  scanWorkspace: 'threatlint/scanWorkspace',
  clearResults: 'threatlint/clearResults',
  scanProgress: 'threatlint/scanProgress',
  /** Sent after each analysis of an open document when the client asked for `timing` (benchmarks). */
  analysisTiming: 'threatlint/analysisTiming',
  /** Scans (incrementally) and returns the threat-model report of the scanned folders. */
  report: 'threatlint/report',
  /** Scans and writes each folder's baseline file. */
  createBaseline: 'threatlint/createBaseline',
  /** The open findings of the last scan, for the findings tree. */
  findings: 'threatlint/findings',
  /** Sent when scan results changed (so the tree refreshes). */
  findingsChanged: 'threatlint/findingsChanged',
} as const;

/** LSP-style range (0-based line and UTF-16 character). */
export interface PlainRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** A finding as the workspace scan keeps it. */
export interface ScannedFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  range: PlainRange;
  fixable: boolean;
  /** The finding's line, trimmed (for fingerprints). */
  lineText: string;
  suppressed?: { kind: 'inSource' | 'external'; reason: string };
}

export interface ReportParams extends ScanParams {
  title?: string;
}

export interface ReportResult {
  /** A ThreatReport (output/report.ts), typed loosely here so the protocol has no imports. */
  report: unknown;
  /** File URI of each path the report mentions. */
  uris: Record<string, string>;
  summary: ScanSummary;
}

export interface CreateBaselineResult {
  baselines: { folder: string; file: string; findings: number }[];
}

export interface FindingsResult {
  findings: (Omit<ScannedFinding, 'lineText'> & { uri: string })[];
  rules: Record<string, { title: string; stride: string[]; severity: string }>;
}

export interface ScanParams {
  /** Folder paths to scan; all workspace folders when absent. */
  folders?: string[];
  /** Extra gitignore-style patterns to skip, e.g. the editor's `files.exclude`. */
  exclude?: string[];
}

export interface ScanSummary {
  /** Files with results after the scan (analysed now or unchanged since the last scan). */
  files: number;
  /** Files analysed by this scan; the rest were unchanged. */
  analysed: number;
  findings: { error: number; warning: number; note: number };
  cancelled: boolean;
  skipped: number;
  durationMs: number;
}

export interface AnalysisTiming {
  uri: string;
  version: number;
  /** Engine time for this version: parse + rules. */
  computeMs: number;
}

export interface ScanProgress {
  done: number;
  total: number;
}
