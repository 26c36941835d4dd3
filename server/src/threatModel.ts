/**
 * Workspace-wide views of the scan results: the threat-model report, baselines and the findings
 * tree. Each runs the one workspace scan loop (incremental, pooled, cancellable) and reads its cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RequestType, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { allRules } from '../../rules';
import { createBaseline, DEFAULT_BASELINE_FILE, formatBaseline } from '../../project/baseline';
import { buildThreatReport, type ReportFile } from '../../output/report';
import { toPosix } from '../../project/walk';
import { fileUri } from './diagnostics';
import { Methods, type CreateBaselineResult, type FindingsResult, type ReportParams, type ReportResult, type ScanParams } from '../../protocol';
import type { EffectiveSettings } from './settings';
import type { ScanHost, WorkspaceScan } from './workspaceScan';

export const ReportRequest = new RequestType<ReportParams, ReportResult, void>(Methods.report);
export const CreateBaselineRequest = new RequestType<ScanParams, CreateBaselineResult, void>(Methods.createBaseline);
export const FindingsRequest = new RequestType<void, FindingsResult, void>(Methods.findings);

/** `revalidateOpen` re-analyses open documents, so a new baseline applies to them at once. */
export function registerThreatModel(connection: Connection, scan: WorkspaceScan, host: Pick<ScanHost, 'folders' | 'settingsFor'>, revalidateOpen: () => void): void {
  const rootsOf = (params: ScanParams) => (params.folders?.length ? params.folders : host.folders().map((f) => URI.parse(f.uri).fsPath));

  connection.onRequest(ReportRequest, async (params, token: CancellationToken) => {
    const summary = await scan.run(params, token);
    const roots = rootsOf(params);
    const files: ReportFile[] = [];
    const uris: Record<string, string> = {};
    const off = new Set<string>();
    const allowedRegistries: string[] = [];
    for (const root of roots) {
      const settings: EffectiveSettings = await host.settingsFor(root);
      for (const [id, level] of Object.entries(settings.config.rules)) if (level === 'off') off.add(id);
      allowedRegistries.push(...(settings.config.settings.allowedRegistries ?? []));
    }
    for (const [file, entry] of scan.scanned(roots)) {
      // One folder: paths relative to it; several: prefixed with the folder's name.
      const relative = toPosix(path.relative(entry.root, file));
      const shown = roots.length > 1 ? `${path.basename(entry.root)}/${relative}` : relative;
      if (entry.findings.length > 0) uris[shown] = fileUri(file);
      files.push({
        path: shown,
        language: entry.language,
        incomplete: entry.incomplete,
        findings: entry.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          suppressed: f.suppressed,
        })),
      });
    }
    const title = params.title ?? `Threat Model Report: ${roots.map((r) => path.basename(r)).join(', ')}`;
    return { report: buildThreatReport(files, allRules, { title, skipped: summary.skipped, off, settings: { allowedRegistries } }), uris, summary };
  });

  connection.onRequest(CreateBaselineRequest, async (params, token: CancellationToken) => {
    await scan.run(params, token);
    const baselines: CreateBaselineResult['baselines'] = [];
    for (const root of rootsOf(params)) {
      const settings = await host.settingsFor(root);
      const target = settings.config.baseline ?? path.join(root, DEFAULT_BASELINE_FILE);
      const sources = [...scan.scanned([root])].map(([file, entry]) => ({
        file,
        findings: entry.findings.map((f) => ({ ruleId: f.ruleId, line: f.range.start.line + 1, lineText: f.lineText, inSource: f.suppressed?.kind === 'inSource' })),
      }));
      const baseline = createBaseline(target, sources);
      fs.writeFileSync(target, formatBaseline(baseline));
      baselines.push({ folder: root, file: target, findings: baseline.findings.length });
    }
    revalidateOpen();
    return { baselines };
  });

  connection.onRequest(FindingsRequest, () => {
    const findings: FindingsResult['findings'] = [];
    for (const [file, entry] of scan.scanned()) {
      const uri = fileUri(file);
      for (const f of entry.findings) {
        if (f.suppressed) continue;
        findings.push({ uri, ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, fixable: f.fixable });
      }
    }
    const rules: FindingsResult['rules'] = {};
    for (const { meta } of allRules) rules[meta.id] = { title: meta.title, stride: meta.stride, severity: meta.severity };
    return { findings, rules };
  });

  let pending: NodeJS.Timeout | undefined;
  scan.onDidChange(() => {
    clearTimeout(pending);
    pending = setTimeout(() => void connection.sendNotification(Methods.findingsChanged), 200);
  });
}
