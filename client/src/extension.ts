/**
 * ThreatLint VS Code client: starts the language server, forwards settings, registers
 * commands. All analysis happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ClearResultsRequest,
  CreateBaselineRequest,
  FindingsChangedNotification,
  OPEN_LOCATION_COMMAND,
  ScanProgressNotification,
  ScanWorkspaceRequest,
  type CreateBaselineResult,
  type OpenLocationArgs,
  type ScanParams,
  type ScanSummary,
} from '../../protocol';
import { applyFindingAction, FindingsTree, type FindingsNode } from './findingsTree';
import { openLocation, showThreatModelReport } from './reportView';

const LANGUAGES = ['yaml', 'dockercompose', 'dockerfile', 'go', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
/** The running scan's cancellation, shared by the notification's Cancel button and `threatlint.cancelScan`. */
let runningScan: vscode.CancellationTokenSource | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const documentSelector = [
    ...LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.dockerfile,*.containerfile,Dockerfile.*,Containerfile.*}' },
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // Config edits reload settings; edits of analysable files keep workspace-scan results current.
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.threatlint.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher(
          '**/{*.yaml,*.yml,*.go,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}',
        ),
      ],
    },
    initializationOptions: { clientCommands: ['threatlint.showRuleDoc'] },
    diagnosticCollectionName: 'threatlint',
  };
  client = new LanguageClient('threatlint', 'ThreatLint', serverOptions, clientOptions);

  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.command = 'threatlint.scanWorkspace';
  statusItem.text = '$(shield) ThreatLint';
  statusItem.tooltip = 'ThreatLint: Scan Workspace';
  statusItem.show();

  context.subscriptions.push(
    statusItem,
    vscode.commands.registerCommand('threatlint.scanWorkspace', () => scan({ exclude: filesExclude() })),
    vscode.commands.registerCommand('threatlint.scanFolder', async (uri?: vscode.Uri) => {
      const folder = uri ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Scan' }))?.[0];
      return folder ? scan({ folders: [folder.fsPath], exclude: filesExclude() }) : undefined;
    }),
    // True when a scan was running and is now being cancelled.
    vscode.commands.registerCommand('threatlint.cancelScan', () => {
      if (!runningScan || runningScan.token.isCancellationRequested) return false;
      runningScan.cancel();
      return true;
    }),
    vscode.commands.registerCommand('threatlint.clearResults', () => client?.sendRequest(ClearResultsRequest)),
    vscode.commands.registerCommand('threatlint.showRuleDoc', (ruleId: string) => showRuleDoc(context, ruleId)),
    vscode.commands.registerCommand('threatlint.restartServer', async () => client?.restart()),
    vscode.commands.registerCommand('threatlint.report', () => (client ? showThreatModelReport(client, filesExclude()) : undefined)),
    vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, (...[uri, position]: OpenLocationArgs) => openLocation(uri, position)),
    vscode.commands.registerCommand('threatlint.createBaseline', createBaseline),
  );
  const tree = new FindingsTree(() => client);
  tree.view = vscode.window.createTreeView('threatlint.findings', { treeDataProvider: tree, showCollapseAll: true });
  const findingOf = (node: FindingsNode | undefined) => (node?.kind === 'finding' ? node.finding : undefined);
  // Rule and file nodes: any of their findings names the rule, which is all the doc needs.
  const docOf = (node: FindingsNode | undefined) => (node?.kind === 'rule' || node?.kind === 'file' ? node.findings[0] : findingOf(node));
  context.subscriptions.push(
    tree.view,
    vscode.commands.registerCommand('threatlint.findings.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('threatlint.findings.fix', (node?: FindingsNode) => {
      const finding = findingOf(node);
      return finding && client ? applyFindingAction(client, finding, 'fix') : undefined;
    }),
    vscode.commands.registerCommand('threatlint.findings.suppress', (node?: FindingsNode) => {
      const finding = findingOf(node);
      return finding && client ? applyFindingAction(client, finding, 'suppress') : undefined;
    }),
    vscode.commands.registerCommand('threatlint.findings.openDoc', (node?: FindingsNode) => {
      const finding = docOf(node);
      return finding && client ? applyFindingAction(client, finding, 'doc') : undefined;
    }),
    /** For tests: the tree's top level as plain data. */
    vscode.commands.registerCommand('threatlint.findings.snapshot', () =>
      tree.getChildren().map((n) => ({
        label: n.kind === 'category' ? n.category : n.kind,
        count: n.kind === 'finding' ? 1 : n.findings.length,
        rules: tree.getChildren(n).map((r) => (r.kind === 'rule' ? r.ruleId : r.kind)),
        findings: n.kind === 'finding' ? [n.finding] : n.findings,
      })),
    ),
  );
  await client.start();
  context.subscriptions.push(client.onNotification(FindingsChangedNotification, () => void tree.refresh()));
}

/** "ThreatLint: Create Baseline": writes each folder's baseline; from then on only new findings show. */
async function createBaseline(): Promise<CreateBaselineResult | undefined> {
  const running = client;
  if (!running) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ThreatLint: creating the baseline', cancellable: true },
    (_progress, token) => running.sendRequest(CreateBaselineRequest, { exclude: filesExclude() }, token),
  );
  // Re-scan so the Problems panel and the tree drop the baselined findings now.
  await scan({ exclude: filesExclude() });
  const written = result.baselines.map((b) => `${vscode.workspace.asRelativePath(b.file)} (${b.findings} findings)`).join(', ');
  void vscode.window.showInformationMessage(
    `ThreatLint: baseline written to ${written}. Only new findings are shown now (setting threatlint.showBaselined shows all).`,
  );
  return result;
}

async function scan(params: ScanParams): Promise<ScanSummary | undefined> {
  const running = client;
  if (!running) return undefined;
  // Set before any await, so a cancelScan issued right after this command finds it.
  runningScan?.cancel();
  const cancellation = new vscode.CancellationTokenSource();
  runningScan = cancellation;
  void vscode.commands.executeCommand('setContext', 'threatlint.scanning', true);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ThreatLint: scanning', cancellable: true },
    async (progress, progressToken) => {
      const token = cancellation.token;
      const cancelled = progressToken.onCancellationRequested(() => cancellation.cancel());
      let reported = 0;
      const listener = running.onNotification(ScanProgressNotification, ({ done, total }) => {
        const percent = total > 0 ? (done / total) * 100 : 100;
        progress.report({ message: `${done} / ${total} files`, increment: percent - reported });
        reported = percent;
      });
      try {
        // Cancelled before the request went out (the client would refuse to send it): nothing was scanned.
        if (token.isCancellationRequested) {
          return { files: 0, analysed: 0, findings: { error: 0, warning: 0, note: 0 }, cancelled: true, skipped: 0, durationMs: 0 };
        }
        const summary = await running.sendRequest(ScanWorkspaceRequest, params, token);
        const { error, warning, note } = summary.findings;
        if (statusItem) statusItem.text = `$(shield) ${error} $(error) ${warning} $(warning) ${note} $(info)`;
        void vscode.window.showInformationMessage(
          `ThreatLint ${summary.cancelled ? 'scan cancelled after' : 'scanned'} ${summary.files} files: ${error} errors, ${warning} warnings, ${note} notes.`,
        );
        return summary;
      } finally {
        listener.dispose();
        cancelled.dispose();
        if (runningScan === cancellation) {
          runningScan = undefined;
          void vscode.commands.executeCommand('setContext', 'threatlint.scanning', false);
        }
        cancellation.dispose();
      }
    },
  );
}

/** `files.exclude` patterns that are on, as gitignore-style patterns for the server's walk. */
function filesExclude(): string[] {
  const excluded = vscode.workspace.getConfiguration('files', null).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(excluded)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

async function showRuleDoc(context: vscode.ExtensionContext, ruleId: string): Promise<void> {
  const uri = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${ruleId}.md`)));
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
