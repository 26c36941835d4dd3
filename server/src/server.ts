/**
 * ThreatLint language server: wiring only. Analysis is the shared engine; this file turns
 * document events into engine calls and findings into diagnostics and code actions.
 * Start it with `--stdio` or `--node-ipc` (vscode-languageserver reads the flag).
 */
import * as path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type Range,
  type TextEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { allRules, findRule, hoverProviders } from '../../rules';
import { renderRuleHelp } from '../../output/ruleHelp';
import type { Finding } from '../../engine/types';
import { Engine, type AnalysisResult } from '../../engine/engine';
import { LANGUAGE_IDS } from '../../engine/languages';
import { codeActionsFor, dataOf, fixAction, SERVER_SHOW_DOC_COMMAND, SHOW_DOC_COMMAND, suppressAction } from './codeActions';
import { toDiagnostics } from './diagnostics';
import { ruleDocUri, threatDocUri } from './docsLocation';
import { effectiveSettings, type EditorSettings, type EffectiveSettings } from './settings';
import { registerWorkspaceScan, type ScanHost } from './workspaceScan';
import { registerThreatModel } from './threatModel';
import { applyBaseline } from '../../project/baseline';
import { toPosix } from '../../project/walk';
import type { FindingActionParams, FindingActionResult } from '../../protocol';
import { AnalysisTimingNotification, FindingActionRequest } from './wire';
import { defaultParallelism, InProcessAnalyzer, readSourceFile, WorkerPool } from '../../project/analyzer';
import { wantsPool } from '../../project/dispatch';
import { CONFIG_FILE_NAMES } from '../../project/configFile';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const enginePromise = Engine.create(allRules);

/**
 * Keystrokes on a document whose last analysis was quick are analysed at once (the next turn
 * of the event loop, so a burst already queued coalesces); slower documents wait this long
 * after the last keystroke, so typing is never queued behind analyses.
 */
const DEBOUNCE_MS = 40;
const INSTANT_BELOW_MS = 15;

let workspaceFolders: WorkspaceFolder[] = [];
let configurationPull = false;
let showDocCommand = SERVER_SHOW_DOC_COMMAND;
let pushedSettings: EditorSettings | undefined;
const settingsCache = new Map<string, Promise<EffectiveSettings>>();
const timers = new Map<string, NodeJS.Timeout>();
const reportedConfigErrors = new Set<string>();
/** The findings behind the diagnostics last published, for hovers. */
const lastFindings = new Map<string, { version: number; findings: Finding[] }>();
/** Engine time of each document's last analysis, to pick its debounce. */
const lastCompute = new Map<string, number>();
let reportTiming = false;
let pool: WorkerPool | undefined;

connection.onInitialize((params: InitializeParams) => {
  workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  configurationPull = params.capabilities.workspace?.configuration === true;
  const options = params.initializationOptions as { clientCommands?: string[]; settings?: EditorSettings; timing?: boolean } | undefined;
  reportTiming = options?.timing === true;
  if (options?.clientCommands?.includes(SHOW_DOC_COMMAND)) showDocCommand = SHOW_DOC_COMMAND;
  pushedSettings = options?.settings;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      hoverProvider: true,
      executeCommandProvider: { commands: [SERVER_SHOW_DOC_COMMAND] },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'threatlint', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (configurationPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'threatlint' });
});

connection.onDidChangeConfiguration((change) => {
  const section = (change.settings as { threatlint?: EditorSettings } | null)?.threatlint;
  if (section) pushedSettings = section;
  settingsCache.clear();
  reportedConfigErrors.clear();
  documents.all().forEach(schedule);
});

// Watched-file events: `.threatlint.yaml` edits reload settings; other files update scan results.
connection.onDidChangeWatchedFiles(async ({ changes }) => {
  const isConfig = (uri: string) => CONFIG_FILE_NAMES.includes(path.posix.basename(URI.parse(uri).path));
  if (changes.some((c) => isConfig(c.uri))) {
    settingsCache.clear();
    documents.all().forEach(schedule);
  }
  await workspaceScan.onFilesChanged(changes.filter((c) => !isConfig(c.uri)));
});

function workspaceRootOf(file: string): string | undefined {
  const roots = workspaceFolders.map((f) => URI.parse(f.uri).fsPath).filter((root) => file === root || file.startsWith(root + path.sep));
  return roots.sort((a, b) => b.length - a.length)[0];
}

function settingsFor(uri: string, file: string): Promise<EffectiveSettings> {
  let cached = settingsCache.get(uri);
  if (!cached) {
    const root = workspaceRootOf(file);
    cached = (async () => {
      const editor = configurationPull
        ? ((await connection.workspace.getConfiguration({ scopeUri: uri, section: 'threatlint' })) as EditorSettings | null)
        : pushedSettings;
      return effectiveSettings(editor, root);
    })();
    settingsCache.set(uri, cached);
  }
  return cached;
}

function schedule(document: TextDocument): void {
  clearTimeout(timers.get(document.uri));
  const delay = (lastCompute.get(document.uri) ?? 0) < INSTANT_BELOW_MS ? 0 : DEBOUNCE_MS;
  timers.set(
    document.uri,
    setTimeout(() => {
      timers.delete(document.uri);
      void validate(document.uri);
    }, delay),
  );
}

async function validate(uri: string): Promise<void> {
  try {
    const engine = await enginePromise;
    const initial = documents.get(uri);
    if (!initial) return;
    const file = fileOf(uri);
    const settings = await settingsFor(uri, file);
    // Always analyse the newest text: anything older was superseded while settings loaded.
    const document = documents.get(uri);
    if (!document) return;
    if (settings.configError) warnOnce(settings.configError);
    const result = analyse(engine, document, file, settings);
    if (!result) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    lastFindings.set(uri, { version: document.version, findings: result.findings });
    lastCompute.set(uri, result.durationMs);
    if (reportTiming) void connection.sendNotification(AnalysisTimingNotification, { uri, version: document.version, computeMs: result.durationMs });
    void connection.sendDiagnostics({
      uri,
      version: document.version,
      diagnostics: toDiagnostics(uri, document.getText(), result, ruleDocUri),
    });
  } catch (error) {
    connection.console.error(`ThreatLint: analysis of ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Shows a configuration or baseline problem once (until the settings change), not on every keystroke. */
function warnOnce(problem: string, consequence = ''): void {
  if (reportedConfigErrors.has(problem)) return;
  reportedConfigErrors.add(problem);
  void connection.window.showWarningMessage(`ThreatLint: ${problem}${consequence}`);
}

/** The findings behind a document's diagnostics (baseline applied); undefined when ThreatLint is off for the file. */
function analyse(engine: Engine, document: TextDocument, file: string, settings: EffectiveSettings): AnalysisResult | undefined {
  if (!settings.enable || settings.isExcluded(file)) return undefined;
  const family = LANGUAGE_IDS[document.languageId];
  const root = workspaceRootOf(file);
  const result = engine.analyze({ path: file, text: document.getText(), family: familyFor(file, family), root }, settings.config, { checkFixes: false });
  const baseline = settings.baseline();
  const baselineError = settings.baselineError();
  if (baselineError) warnOnce(baselineError, '; findings are shown without it');
  if (baseline) applyBaseline(baseline, file, document.getText(), result.findings, root ? toPosix(path.relative(root, file)) : undefined);
  return result;
}

function fileOf(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
}

/** Fixes are not re-parsed while typing: this checks an offered one, so none that breaks the syntax is offered. */
function fixSafety(engine: Engine, document: TextDocument): (edits: TextEdit[]) => boolean {
  const file = fileOf(document.uri);
  const breaksSyntax = engine.fixBreaksSyntax({ path: file, text: document.getText(), family: familyFor(file, LANGUAGE_IDS[document.languageId]) });
  return (edits) => !breaksSyntax(TextDocument.applyEdits(document, edits));
}

/** Prefer what the file name says; fall back to the editor's language id (untitled buffers, odd names). */
function familyFor(file: string, fromLanguageId: (typeof LANGUAGE_IDS)[string] | undefined) {
  return path.extname(file) || /dockerfile|containerfile/i.test(path.basename(file)) ? undefined : fromLanguageId;
}

documents.onDidOpen((e) => schedule(e.document));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  lastFindings.delete(e.document.uri);
  lastCompute.delete(e.document.uri);
  // Keep results from a workspace scan; otherwise clear what this buffer showed.
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCodeAction(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return codeActionsFor(document, params.context.diagnostics, showDocCommand, fixSafety(await enginePromise, document));
});

/**
 * The Findings view's actions: the finding is found again by rule id and exact range in a fresh
 * analysis (the open buffer, else the file as the scan read it), and its edit is built by the
 * same functions as the quick fixes, so both make the same bytes.
 */
connection.onRequest(FindingActionRequest, async (params: FindingActionParams): Promise<FindingActionResult> => {
  if (params.kind === 'doc') return findRule(params.ruleId) ? { kind: 'doc', uri: ruleDocUri(params.ruleId) } : null;
  const engine = await enginePromise;
  const file = fileOf(params.uri);
  const settings = await settingsFor(params.uri, file);
  const document = documents.get(params.uri) ?? onDisk(params.uri, file, settings.config.maxFileSize);
  const result = document && analyse(engine, document, file, settings);
  if (!document || !result) return null;
  const diagnostic = toDiagnostics(params.uri, document.getText(), result, ruleDocUri).find(
    (d) => dataOf(d)?.ruleId === params.ruleId && sameRange(d.range, params.range),
  );
  const data = diagnostic && dataOf(diagnostic);
  if (!diagnostic || !data) return null;
  const action = params.kind === 'fix' ? fixAction(document, diagnostic, data, fixSafety(engine, document)) : suppressAction(document, diagnostic, data.ruleId);
  return action?.edit ? { kind: 'edit', edit: action.edit } : null;
});

/** A file that is not open, read as the workspace scan reads it (size limit, no binaries). */
function onDisk(uri: string, file: string, maxFileSize: number): TextDocument | undefined {
  const { text } = readSourceFile(file, maxFileSize);
  return text === undefined ? undefined : TextDocument.create(uri, '', 0, text);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const offset = document.offsetAt(params.position);
  const sections: string[] = [];
  const known = lastFindings.get(document.uri);
  if (known?.version === document.version) {
    for (const finding of known.findings) {
      if (finding.suppression || offset < finding.range.start || offset > finding.range.end) continue;
      const rule = findRule(finding.ruleId);
      if (rule) sections.push(`${renderRuleHelp(rule, threatDocUri)}\n\n[Rule documentation](${ruleDocUri(rule.meta.id)})`);
    }
  }
  const uri = URI.parse(document.uri);
  const file = uri.scheme === 'file' ? uri.fsPath : uri.path;
  const described = (await enginePromise).describe(
    { path: file, text: document.getText(), family: familyFor(file, LANGUAGE_IDS[document.languageId]) },
    offset,
    hoverProviders,
  );
  if (described) sections.push(described);
  return sections.length > 0 ? { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') } } : null;
});

connection.onExecuteCommand(async (params) => {
  if (params.command === SERVER_SHOW_DOC_COMMAND && typeof params.arguments?.[0] === 'string') {
    await connection.window.showDocument({ uri: ruleDocUri(params.arguments[0]), takeFocus: true });
  }
});

const scanHost: ScanHost = {
  async analyzer(files) {
    if (!wantsPool(files, defaultParallelism())) return new InProcessAnalyzer(await enginePromise);
    pool ??= new WorkerPool(__filename);
    return pool;
  },
  folders: () => workspaceFolders,
  settingsFor: async (root) => {
    const editor = configurationPull
      ? ((await connection.workspace.getConfiguration({ scopeUri: URI.file(root).toString(), section: 'threatlint' })) as EditorSettings | null)
      : pushedSettings;
    return effectiveSettings(editor, root);
  },
  isOpen: (uri) => documents.get(uri) !== undefined,
  docUri: ruleDocUri,
};
const workspaceScan = registerWorkspaceScan(connection, scanHost);
registerThreatModel(connection, workspaceScan, scanHost, () => documents.all().forEach(schedule));

connection.onShutdown(async () => {
  await pool?.close();
});

documents.listen(connection);
connection.listen();
