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
} as const;

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
