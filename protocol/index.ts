/**
 * ThreatLint's custom LSP messages, shared by server and client: typed message objects and their
 * wire shapes (plain JSON). Imports only the JSON-RPC message classes and LSP wire types, never
 * engine, rules, project, output, server or client code; the server maps engine types to these.
 * Positions on the wire are LSP's (0-based line, UTF-16 character).
 */
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';

export type { Position, Range, WorkspaceEdit };

// ---------------------------------------------------------------- workspace scan

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

export interface ScanProgress {
  done: number;
  total: number;
}

/** Scans the workspace folders (incrementally) and publishes diagnostics of files not open. */
export const ScanWorkspaceRequest = new RequestType<ScanParams, ScanSummary, void>('threatlint/scanWorkspace');
/** Forgets the scan's results. No params: clients (ours included) send it bare. */
export const ClearResultsRequest = new RequestType0<void, void>('threatlint/clearResults');
export const ScanProgressNotification = new NotificationType<ScanProgress>('threatlint/scanProgress');

// ---------------------------------------------------------------- open documents

export interface AnalysisTiming {
  uri: string;
  version: number;
  /** Engine time for this version: parse + rules. */
  computeMs: number;
}

/** Sent after each analysis of an open document when the client asked for `timing` (benchmarks). */
export const AnalysisTimingNotification = new NotificationType<AnalysisTiming>('threatlint/analysisTiming');

// ---------------------------------------------------------------- threat-model report

export interface ReportParams extends ScanParams {
  title?: string;
  /** Extra style-src for the page's CSP (a webview's `cspSource`). */
  styleSource?: string;
}

export interface ReportThreat {
  ruleId: string;
  /** The STRIDE category it is listed under. */
  category: string;
  status: string;
}

export interface ReportResult {
  title: string;
  /** The report page, rendered by the server; locations link to `OPEN_LOCATION_COMMAND`. */
  html: string;
  /** Threats by status, and `Total`. */
  status: Record<string, number>;
  threats: ReportThreat[];
  summary: ScanSummary;
}

/** Scans (incrementally) and returns the threat-model report of the scanned folders. */
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>('threatlint/report');

/**
 * The client command the report's links run, with `OpenLocationArgs`: the report's command URIs
 * carry the scan's own LSP position, so no 1-based number is parsed back.
 */
export const OPEN_LOCATION_COMMAND = 'threatlint.openLocation';
export type OpenLocationArgs = [uri: string, position: Position];

// ---------------------------------------------------------------- baselines

export interface CreateBaselineResult {
  baselines: { folder: string; file: string; findings: number }[];
}

/** Scans and writes each folder's baseline file. */
export const CreateBaselineRequest = new RequestType<ScanParams, CreateBaselineResult, void>('threatlint/createBaseline');

// ---------------------------------------------------------------- findings tree

export type Severity = 'error' | 'warning' | 'note';

/** An open finding of the last scan. */
export interface TreeFinding {
  uri: string;
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixable: boolean;
}

export type FindingsParams = Record<string, never>;

export interface FindingsResult {
  findings: TreeFinding[];
  rules: Record<string, { title: string; stride: string[]; severity: string }>;
  /** The STRIDE categories in report order; the tree lists its sections in this order. */
  categories: string[];
}

/** The open findings of the last scan, for the findings tree. */
export const FindingsRequest = new RequestType<FindingsParams, FindingsResult, void>('threatlint/findings');
/** Sent when scan results changed (so the tree refreshes). */
export const FindingsChangedNotification = new NotificationType0('threatlint/findingsChanged');

export type FindingActionKind = 'fix' | 'suppress' | 'doc';

/** A tree finding's action, found on the server by rule id and range, the same edits the quick fixes make. */
export interface FindingActionParams {
  uri: string;
  ruleId: string;
  range: Range;
  kind: FindingActionKind;
}

/** `null`: the finding is not there any more (the file changed), or it has no such fix. */
export type FindingActionResult = { kind: 'edit'; edit: WorkspaceEdit } | { kind: 'doc'; uri: string } | null;

export const FindingActionRequest = new RequestType<FindingActionParams, FindingActionResult, void>('threatlint/findingAction');
