/**
 * "ThreatLint: Threat Model Report": the server scans (its one incremental scan loop) and returns
 * the report; this renders it into a webview with no scripts under a strict CSP. Location links
 * are command URIs limited to threatlint.openLocation, which opens the file at the line.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ThreatReport } from '../../output/report';
import { renderReportHtml } from '../../output/reportRender';
import { Methods, type ReportResult } from '../../protocol';

export const OPEN_LOCATION_COMMAND = 'threatlint.openLocation';

let panel: vscode.WebviewPanel | undefined;

/** Opens (or refreshes) the report view; returns the report, for tests. */
export async function showThreatModelReport(client: LanguageClient, exclude: string[]): Promise<ThreatReport | undefined> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ThreatLint: building the threat-model report', cancellable: true },
    (_progress, token) => client.sendRequest<ReportResult>(Methods.report, { exclude }, token),
  );
  const report = result.report as ThreatReport;
  panel ??= createPanel();
  panel.title = report.title;
  const href = (path: string, line: number, column: number) => {
    const uri = result.uris[path];
    return uri ? `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify([uri, line, column]))}` : '#';
  };
  panel.webview.html = renderReportHtml(report, { href, styleSource: panel.webview.cspSource });
  panel.reveal(vscode.ViewColumn.Active);
  return report;
}

function createPanel(): vscode.WebviewPanel {
  const created = vscode.window.createWebviewPanel('threatlint.report', 'Threat Model Report', vscode.ViewColumn.Active, {
    enableScripts: false,
    enableCommandUris: [OPEN_LOCATION_COMMAND],
    localResourceRoots: [],
  });
  created.onDidDispose(() => {
    if (panel === created) panel = undefined;
  });
  return created;
}

/** Opens `uri` with the cursor at 1-based `line`:`column`. */
export async function openLocation(uri: string, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}
