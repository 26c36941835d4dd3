import * as vscode from 'vscode';

/** A diagnostic's code as a string, whether VS Code gives it plain or with a target link. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Polls (never a fixed sleep) until ThreatLint diagnostics on `uri` satisfy `done`, or fails after `timeoutMs`. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  done: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'threatlint');
    if (done(diagnostics)) return diagnostics;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for diagnostics on ${uri.fsPath}; have: ${JSON.stringify(diagnostics.map((d) => [codeOf(d), d.range.start.line, d.message]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function rangeOfText(document: vscode.TextDocument, text: string): vscode.Range {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`"${text}" is not in ${document.uri.fsPath}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}
