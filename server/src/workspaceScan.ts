import * as path from 'node:path';
import { RequestType, NotificationType, type CancellationToken, type Connection, type WorkspaceFolder } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Engine } from '../../rules/core/engine';
import { readSource } from '../../rules/core/scan';
import { walkFiles } from '../../rules/core/walk';
import { fileUri, toDiagnostics } from './diagnostics';
import { Methods, type ScanParams, type ScanProgress, type ScanSummary } from './protocol';
import type { EffectiveSettings } from './settings';

export const ScanWorkspaceRequest = new RequestType<ScanParams, ScanSummary, void>(Methods.scanWorkspace);
export const ClearResultsRequest = new RequestType<void, void, void>(Methods.clearResults);
export const ScanProgressNotification = new NotificationType<ScanProgress>(Methods.scanProgress);

export interface ScanHost {
  engine(): Promise<Engine>;
  folders(): WorkspaceFolder[];
  settingsFor(root: string): EffectiveSettings | Promise<EffectiveSettings>;
  isOpen(uri: string): boolean;
  docUri(ruleId: string): string;
}

/**
 * "ThreatLint: Scan Workspace": analyses every file of the workspace folders and publishes
 * diagnostics for files that are not open, so they appear in the Problems panel. Work is cut
 * into small slices so edits, cancellation and other requests are served during a scan.
 */
export function registerWorkspaceScan(connection: Connection, host: ScanHost): void {
  const published = new Set<string>();

  connection.onRequest(ClearResultsRequest, () => {
    for (const uri of published) if (!host.isOpen(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.clear();
  });

  connection.onRequest(ScanWorkspaceRequest, async (params, token: CancellationToken) => {
    const engine = await host.engine();
    const roots = params.folders?.length ? params.folders : host.folders().map((f) => URI.parse(f.uri).fsPath);
    const jobs: { file: string; settings: EffectiveSettings }[] = [];
    let skipped = 0;
    for (const root of roots) {
      const settings = await host.settingsFor(root);
      if (!settings.enable) continue;
      for (const file of walkFiles(root, { ignore: settings.config.ignore, onSkip: () => skipped++ })) jobs.push({ file, settings });
    }
    const summary: ScanSummary = { files: 0, findings: { error: 0, warning: 0, note: 0 }, cancelled: false, skipped };
    for (let i = 0; i < jobs.length; i++) {
      if (token.isCancellationRequested) {
        summary.cancelled = true;
        break;
      }
      const { file, settings } = jobs[i];
      const uri = fileUri(file);
      const text = readSource(file, settings.config.maxFileSize, () => summary.skipped++);
      if (text !== undefined) {
        const result = engine.analyze({ path: file, text }, settings.config);
        summary.files++;
        for (const f of result.findings) if (!f.suppression) summary.findings[f.severity]++;
        if (!host.isOpen(uri)) {
          void connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(uri, text, result, host.docUri) });
          published.add(uri);
        }
      }
      if (i % 8 === 7 || i === jobs.length - 1) {
        void connection.sendNotification(ScanProgressNotification, { done: i + 1, total: jobs.length });
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    connection.console.log(`ThreatLint: scanned ${summary.files} files in ${roots.map((r) => path.basename(r)).join(', ')}`);
    return summary;
  });
}
