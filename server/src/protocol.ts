/**
 * ThreatLint's custom LSP messages, shared by server and client. No imports, so the
 * client bundle does not pull in server code.
 */
export const Methods = {
  scanWorkspace: 'threatlint/scanWorkspace',
  clearResults: 'threatlint/clearResults',
  scanProgress: 'threatlint/scanProgress',
} as const;

export interface ScanParams {
  /** Folder paths to scan; all workspace folders when absent. */
  folders?: string[];
}

export interface ScanSummary {
  files: number;
  findings: { error: number; warning: number; note: number };
  cancelled: boolean;
  skipped: number;
}

export interface ScanProgress {
  done: number;
  total: number;
}
