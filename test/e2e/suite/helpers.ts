import * as vscode from 'vscode';

/**
 * How long a wait for diagnostics lasts before it fails. Results normally come within a second;
 * the margin is for a loaded CI machine, and small enough that a broken rule failing several
 * tests still fits the runner's two-minute limit with every failure reported.
 */
export const WAIT_MS = 8_000;

/** The `source` ThreatLint's language server puts on every diagnostic it publishes. */
export const SOURCE = 'threatlint';

/** A diagnostic's code as a string, whether VS Code gives it plain (string/number) or as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined || code === null) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** A file in the e2e workspace folder (test/e2e/workspace), as the editor sees it. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs a workspace folder (runTest.ts opens test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Opens a workspace file in an editor, as a person would, and returns its document. */
export async function openInEditor(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({
      source: d.source,
      code: codeOf(d),
      severity: vscode.DiagnosticSeverity[d.severity],
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      message: d.message,
    })),
  );
}

/**
 * Polls `vscode.languages.getDiagnostics(uri)` every 100 ms (never a fixed sleep) until the
 * ThreatLint diagnostics on `uri` satisfy `done`, and returns them; fails after `timeoutMs`
 * listing every diagnostic the editor had for the file (ours and other sources').
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  done: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = vscode.languages.getDiagnostics(uri);
    const ours = all.filter((d) => d.source === SOURCE);
    if (done(ours)) return ours;
    if (Date.now() > deadline) {
      const extension = vscode.extensions.getExtension('threatlint.threatlint');
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ThreatLint diagnostics on ${uri.toString()}; ` +
          `extension ${extension ? (extension.isActive ? 'active' : 'NOT active') : 'NOT installed'}; ` +
          `diagnostics the editor has for the file: ${describe(all)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until a ThreatLint diagnostic with rule id `code` is on `uri`, and returns it. */
export async function waitForFinding(uri: vscode.Uri, code: string, timeoutMs = WAIT_MS): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === code), timeoutMs);
  return diagnostics.find((d) => codeOf(d) === code)!;
}

/** The range of the first occurrence of `text` in the document, computed from the file's own text. */
export function rangeOfText(document: vscode.TextDocument, text: string, after?: string): vscode.Range {
  const source = document.getText();
  const from = after === undefined ? 0 : source.indexOf(after);
  if (from < 0) throw new Error(`"${after}" is not in ${document.uri.fsPath}`);
  const offset = source.indexOf(text, from);
  if (offset < 0) throw new Error(`"${text}" is not in ${document.uri.fsPath}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}

/** `[startLine, startChar, endLine, endChar]`, so a failed range assertion shows numbers, not objects. */
export function rangeTuple(range: vscode.Range): [number, number, number, number] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

/**
 * Polls `probe` every 100 ms (never a fixed sleep) until it returns something other than
 * `undefined`/`false`, and returns that; fails after `timeoutMs` saying what it waited for.
 */
export async function poll<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Replaces the first `text` (after `after`) in the editor's buffer with `replacement`, as typing would, without saving. */
export async function replaceInEditor(editor: vscode.TextEditor, text: string, replacement: string, after?: string): Promise<void> {
  const range = rangeOfText(editor.document, text, after);
  const applied = await editor.edit((builder) => builder.replace(range, replacement));
  if (!applied) throw new Error(`the editor refused to replace "${text}" in ${editor.document.uri.fsPath}`);
}

/** Throws away unsaved edits and closes the document's tabs, so the next test sees the file as on disk. */
export async function revertAndClose(document: vscode.TextDocument): Promise<void> {
  if (document.isDirty) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert', document.uri);
    await poll(`${document.uri.fsPath} to be reverted`, () => !document.isDirty, 5_000);
  }
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === document.uri.toString());
  await vscode.window.tabGroups.close(tabs);
}

/**
 * The quick fixes at `range`, as the light bulb lists them (`vscode.executeCodeActionProvider`).
 * The API's copies carry no `diagnostics`, so every provider's actions are returned; the suite
 * runs with other extensions disabled, and YAML has no other built-in provider.
 */
export async function quickFixesAt(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const listed = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const isCodeAction = (item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction => typeof item.command !== 'string';
  return (listed ?? []).filter(isCodeAction);
}

/** Applies a code action the way the editor does: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) throw new Error(`the editor refused the edit of "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
