/**
 * Workspace-wide views of the scan results: the threat-model report, baselines and the findings
 * tree. Each runs the one workspace scan loop (incremental, pooled, cancellable) and reads its cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { allRules } from '../../rules';
import { createBaseline, DEFAULT_BASELINE_FILE, formatBaseline } from '../../project/baseline';
import { buildThreatReport, type ReportFile } from '../../output/report';
import { renderReportHtml } from '../../output/reportRender';
import { STRIDE } from '../../engine/types';
import { toPosix } from '../../project/walk';
import { fileUri } from './diagnostics';
import { OPEN_LOCATION_COMMAND, type CreateBaselineResult, type FindingsResult, type OpenLocationArgs, type ScanParams } from '../../protocol';
import type { EffectiveSettings } from './settings';
import type { ScanHost, WorkspaceScan } from './workspaceScan';
import { CreateBaselineRequest, FindingsChangedNotification, FindingsRequest, ReportRequest } from './wire';

/** `revalidateOpen` re-analyses open documents, so a new baseline applies to them at once. */
export function registerThreatModel(
  connection: Connection,
  scan: WorkspaceScan,
  host: Pick<ScanHost, 'folders' | 'settingsFor'>,
  revalidateOpen: () => void,
): void {
  const rootsOf = (params: ScanParams) => (params.folders?.length ? params.folders : host.folders().map((f) => URI.parse(f.uri).fsPath));

  connection.onRequest(ReportRequest, async (params, token: CancellationToken) => {
    const summary = await scan.run(params, token);
    const roots = rootsOf(params);
    const files: ReportFile[] = [];
    /** Each listed location's file URI and LSP position, by the report's `path:line:column`, for its link. */
    const targets = new Map<string, OpenLocationArgs>();
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
      const uri = fileUri(file);
      files.push({
        path: shown,
        language: entry.language,
        incomplete: entry.incomplete,
        findings: entry.findings.map((f) => {
          // 1-based: the report is read by people.
          const line = f.range.start.line + 1;
          const column = f.range.start.character + 1;
          targets.set(`${shown}:${line}:${column}`, [uri, f.range.start]);
          return { ruleId: f.ruleId, severity: f.severity, message: f.message, line, column, suppressed: f.suppressed };
        }),
      });
    }
    const title = params.title ?? `Threat Model Report: ${roots.map((r) => path.basename(r)).join(', ')}`;
    const report = buildThreatReport(files, allRules, { title, skipped: summary.skipped, off, settings: { allowedRegistries } });
    const href = (shown: string, line: number, column: number) => {
      const target = targets.get(`${shown}:${line}:${column}`);
      return target ? `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify(target))}` : '#';
    };
    return {
      title: report.title,
      html: renderReportHtml(report, { href, styleSource: params.styleSource }),
      status: report.status,
      threats: report.threats.map((t) => ({ ruleId: t.ruleId, category: t.category, status: t.status })),
      summary,
    };
  });

  connection.onRequest(CreateBaselineRequest, async (params, token: CancellationToken) => {
    await scan.run(params, token);
    const baselines: CreateBaselineResult['baselines'] = [];
    for (const root of rootsOf(params)) {
      const settings = await host.settingsFor(root);
      const target = settings.config.baseline ?? path.join(root, DEFAULT_BASELINE_FILE);
      const sources = [...scan.scanned([root])].map(([file, entry]) => ({
        file,
        findings: entry.findings.map((f) => ({
          ruleId: f.ruleId,
          line: f.range.start.line + 1,
          lineText: f.lineText,
          inSource: f.suppressed?.kind === 'inSource',
        })),
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
    return { findings, rules, categories: [...STRIDE] };
  });

  let pending: NodeJS.Timeout | undefined;
  scan.onDidChange(() => {
    clearTimeout(pending);
    pending = setTimeout(() => void connection.sendNotification(FindingsChangedNotification), 200);
  });
}
