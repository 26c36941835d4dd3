import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type CancellationToken, type Connection, type FileEvent, type Range, type WorkspaceFolder } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Analyzer, FileOutcome } from '../../project/analyzer';
import { dispatchFiles } from '../../project/dispatch';
import { applyBaseline } from '../../project/baseline';
import { fingerprintItems } from '../../project/fingerprint';
import { LineIndex } from '../../engine/lineIndex';
import { isScanned, toPosix, walkFiles } from '../../project/walk';
import type { Language, Severity } from '../../engine/types';
import { fileUri, toDiagnostics, toRange } from './diagnostics';
import type { ScanParams, ScanSummary } from '../../protocol';
import type { EffectiveSettings } from './settings';
import { ClearResultsRequest, ScanProgressNotification, ScanWorkspaceRequest } from './wire';

export interface ScanHost {
  /** Analyses files off the main thread (a worker pool) for `files` files to come. */
  analyzer(files: number): Promise<Analyzer>;
  folders(): WorkspaceFolder[];
  settingsFor(root: string): EffectiveSettings | Promise<EffectiveSettings>;
  isOpen(uri: string): boolean;
  docUri(ruleId: string): string;
}

/** A finding as the workspace scan keeps it (LSP range: the one conversion from offsets). */
export interface ScannedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixable: boolean;
  /** The finding's line, trimmed (for fingerprints). */
  lineText: string;
  suppressed?: { kind: 'inSource' | 'external'; reason: string };
}

/**
 * What the last scan knew of a file: enough to skip it next time if it did not change, and its
 * findings (positions and line text, not the file's text) for the report, the tree and baselines.
 */
export interface ScannedFile {
  root: string;
  mtimeMs: number;
  size: number;
  configKey: string;
  language?: Language;
  /** Skipped, or analysed only in part (notices). */
  incomplete: boolean;
  findings: ScannedFinding[];
}

export interface WorkspaceScan {
  /** Watched-file events: re-analyse scanned files that changed or appeared, clear deleted ones. */
  onFilesChanged(changes: FileEvent[]): Promise<void>;
  /**
   * The scan loop every workspace-wide feature runs (scan command, report, baseline): incremental,
   * pooled, cancellable. Resolves with the summary; `scanned()` then holds the results.
   */
  run(params: ScanParams, token?: CancellationToken): Promise<ScanSummary>;
  /** Results of files under `roots` (all when absent), by absolute path. */
  scanned(roots?: readonly string[]): Map<string, ScannedFile>;
  /** Called after results change (a scan, watched-file updates, clearing). */
  onDidChange(listener: () => void): void;
}

const NEVER_CANCELLED: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

function countOf(findings: readonly ScannedFinding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) if (!f.suppressed) counts[f.severity]++;
  return counts;
}

/**
 * "ThreatLint: Scan Workspace": analyses every file of the workspace folders in worker threads
 * and publishes diagnostics for files that are not open, so they appear in the Problems panel.
 * Re-running is incremental (unchanged mtime, size and settings are not re-analysed); watched
 * file events keep the results current; cancellation stops dispatching within a few files.
 */
export function registerWorkspaceScan(connection: Connection, host: ScanHost): WorkspaceScan {
  const scanned = new Map<string, ScannedFile>();
  const published = new Set<string>();
  /** Roots scanned so far, with the editor's excludes sent for them (`files.exclude`). */
  const excludes = new Map<string, string[]>();
  const listeners: (() => void)[] = [];
  const changed = () => listeners.forEach((listener) => listener());

  const publish = (file: string, outcome: FileOutcome, root: string, settings: EffectiveSettings, configKey: string): void => {
    const uri = fileUri(file);
    const entry: ScannedFile = { root, mtimeMs: outcome.mtimeMs ?? 0, size: outcome.size ?? 0, configKey, incomplete: true, findings: [] };
    if (outcome.result && outcome.text !== undefined) {
      const { text, result } = outcome;
      const baseline = settings.baseline();
      if (baseline) applyBaseline(baseline, file, text, result.findings, toPosix(path.relative(root, file)));
      const lines = new LineIndex(text);
      const items = fingerprintItems(text, lines, result.findings);
      entry.language = result.language;
      entry.incomplete = result.notices.length > 0;
      entry.findings = result.findings.map((f, i) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        range: toRange(lines, f.range),
        fixable: f.fix !== undefined,
        lineText: items[i].lineText,
        suppressed: f.suppression && { kind: f.suppression.kind, reason: f.suppression.reason },
      }));
      if (!host.isOpen(uri)) {
        void connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(uri, text, result, host.docUri) });
        published.add(uri);
      }
    }
    scanned.set(file, entry);
  };

  const forget = (file: string): void => {
    scanned.delete(file);
    const uri = fileUri(file);
    if (published.delete(uri) && !host.isOpen(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  };

  connection.onRequest(ClearResultsRequest, () => {
    for (const uri of published) if (!host.isOpen(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.clear();
    scanned.clear();
    excludes.clear();
    changed();
  });

  const run = async (params: ScanParams, token: CancellationToken = NEVER_CANCELLED): Promise<ScanSummary> => {
    const started = performance.now();
    const roots = params.folders?.length ? params.folders : host.folders().map((f) => URI.parse(f.uri).fsPath);
    const jobs: { file: string; root: string; settings: EffectiveSettings; configKey: string }[] = [];
    let skipped = 0;
    for (const root of roots) {
      const settings = await host.settingsFor(root);
      if (!settings.enable) continue;
      const configKey = JSON.stringify(settings.config) + settings.baselineKey();
      const ignore = [...settings.config.ignore, ...(params.exclude ?? [])];
      for (const file of walkFiles(root, { ignore, onSkip: () => skipped++ })) jobs.push({ file, root, settings, configKey });
    }
    const summary: ScanSummary = { files: 0, analysed: 0, findings: { error: 0, warning: 0, note: 0 }, cancelled: false, skipped, durationMs: 0 };

    // Files from an earlier scan of these roots that are gone (deleted, now ignored): clear them.
    const current = new Set(jobs.map((j) => j.file));
    for (const [file, entry] of scanned) if (roots.includes(entry.root) && !current.has(file)) forget(file);

    const stale = jobs.filter((job) => {
      const known = scanned.get(job.file);
      if (!known || known.configKey !== job.configKey) return true;
      const stat = statOf(job.file);
      return !stat || stat.mtimeMs !== known.mtimeMs || stat.size !== known.size;
    });
    const analyzer = await host.analyzer(stale.length);
    const unchanged = jobs.length - stale.length;
    let finished = 0;
    const dispatched = await dispatchFiles(analyzer, stale, {
      config: (job) => job.settings.config,
      root: (job) => job.root,
      isCancelled: () => token.isCancellationRequested,
      onOutcome: (job, outcome) => {
        if (outcome.skipped) summary.skipped++;
        else summary.analysed++;
        publish(job.file, outcome, job.root, job.settings, job.configKey);
        finished++;
        if (finished % 16 === 0 || finished === stale.length) {
          void connection.sendNotification(ScanProgressNotification, { done: unchanged + finished, total: jobs.length });
        }
      },
    });
    summary.cancelled = token.isCancellationRequested && dispatched < stale.length;
    for (const job of jobs) {
      const entry = scanned.get(job.file);
      if (!entry) continue;
      summary.files++;
      const counts = countOf(entry.findings);
      for (const severity of ['error', 'warning', 'note'] as const) summary.findings[severity] += counts[severity];
    }
    for (const root of roots) excludes.set(root, params.exclude ?? []);
    summary.durationMs = Math.round(performance.now() - started);
    connection.console.log(
      `ThreatLint: scanned ${summary.files} files (${summary.analysed} analysed, ${summary.files - summary.analysed} unchanged) in ${roots.map((r) => path.basename(r)).join(', ')} in ${summary.durationMs} ms${summary.cancelled ? ', cancelled' : ''}`,
    );
    changed();
    return summary;
  };

  connection.onRequest(ScanWorkspaceRequest, (params, token: CancellationToken) => run(params, token));

  return {
    run,
    scanned(roots) {
      if (!roots) return new Map(scanned);
      return new Map([...scanned].filter(([, entry]) => roots.includes(entry.root)));
    },
    onDidChange(listener) {
      listeners.push(listener);
    },
    async onFilesChanged(changes) {
      if (excludes.size === 0) return;
      for (const change of changes) {
        const uri = URI.parse(change.uri);
        if (uri.scheme !== 'file') continue;
        const file = uri.fsPath;
        if (change.type === FileChangeType.Deleted) {
          forget(file);
          continue;
        }
        const root = [...excludes.keys()].find((r) => file.startsWith(r + path.sep));
        if (!root || host.isOpen(change.uri)) continue;
        const settings = await host.settingsFor(root);
        if (!settings.enable || !isScanned(root, file, { ignore: [...settings.config.ignore, ...(excludes.get(root) ?? [])] })) {
          forget(file);
          continue;
        }
        const analyzer = await host.analyzer(1);
        publish(file, await analyzer.analyzeFile(file, settings.config, root), root, settings, JSON.stringify(settings.config) + settings.baselineKey());
      }
      changed();
    },
  };
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
