/**
 * "ThreatLint: Threat Model Report": the server scans (its one incremental scan loop) and renders
 * the report page; this shows it in a webview with no scripts under a strict CSP. Location links
 * are command URIs limited to threatlint.openLocation, which opens the file at the position.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OPEN_LOCATION_COMMAND, ReportRequest, type Position, type ReportResult } from '../../protocol';

let panel: vscode.WebviewPanel | undefined;

/** Opens (or refreshes) the report view; returns the server's answer, for tests. */
export async function showThreatModelReport(client: LanguageClient, exclude: string[]): Promise<ReportResult> {
  // The server renders the page, so it needs the webview's CSP source first; a panel opened only
  // for this closes again if the report fails or is cancelled.
  const opened = panel ? undefined : (panel = createPanel());
  const styleSource = panel.webview.cspSource;
  let result: ReportResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ThreatLint: building the threat-model report', cancellable: true },
      (_progress, token) => client.sendRequest(ReportRequest, { exclude, styleSource }, token),
    );
  } catch (error) {
    opened?.dispose();
    throw error;
  }
  panel ??= createPanel();
  panel.title = result.title;
  panel.webview.html = result.html;
  panel.reveal(vscode.ViewColumn.Active);
  return result;
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

/** Opens `uri` with the cursor at the LSP `position`. */
export async function openLocation(uri: string, position: Position): Promise<void> {
  const at = new vscode.Position(position.line, position.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.One });
}
