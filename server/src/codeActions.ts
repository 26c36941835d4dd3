import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticData } from './diagnostics';
import { SOURCE } from './diagnostics';
import { SUPPRESSION_MARKER } from '../../engine/suppressions';

export const SHOW_DOC_COMMAND = 'threatlint.showRuleDoc';
/** Server-side twin for editors that cannot open Markdown themselves: answered with window/showDocument. */
export const SERVER_SHOW_DOC_COMMAND = 'threatlint.server.showRuleDoc';

/** Quick fix, suppress-with-reason and show-docs for each ThreatLint diagnostic in range; chosen by `data`, never by message. */
export function codeActionsFor(
  document: TextDocument,
  diagnostics: Diagnostic[],
  showDocCommand: string,
  fixIsSafe: (edits: TextEdit[]) => boolean = () => true,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = dataOf(diagnostic);
    if (!data) continue;
    const fix = fixAction(document, diagnostic, data, fixIsSafe);
    if (fix) actions.push(fix);
    actions.push(suppressAction(document, diagnostic, data.ruleId));
    actions.push({
      title: `Show documentation for ${data.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Show rule documentation', command: showDocCommand, arguments: [data.ruleId] },
    });
  }
  return actions;
}

/** The ThreatLint data a diagnostic carries, or undefined for other sources' diagnostics. */
export function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  return diagnostic.source === SOURCE && isData(diagnostic.data) ? diagnostic.data : undefined;
}

/** The rule's fix as a preferred quick fix, unless it has none or it breaks the syntax. */
export function fixAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  data: DiagnosticData,
  fixIsSafe: (edits: TextEdit[]) => boolean,
): CodeAction | undefined {
  if (!data.fix || !fixIsSafe(data.fix.edits)) return undefined;
  return {
    title: data.fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [document.uri]: data.fix.edits } },
  };
}

/** Inserts `# threatlint-ignore <id> -- <reason>` above the finding's line, indented like it. */
export function suppressAction(document: TextDocument, diagnostic: Diagnostic, ruleId: string): CodeAction {
  const line = diagnostic.range.start.line;
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const prefix = commentPrefix(document.languageId, document.uri);
  return {
    title: `Suppress ${ruleId} on this line (with a reason)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      changes: {
        [document.uri]: [
          {
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
            newText: `${indent}${prefix} ${SUPPRESSION_MARKER} ${ruleId} -- TODO: why this is safe\n`,
          },
        ],
      },
    },
  };
}

function commentPrefix(languageId: string, uri: string): string {
  if (['go', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].includes(languageId)) return '//';
  return /\.(go|[cm]?[jt]sx?)$/i.test(uri) ? '//' : '#';
}

function isData(value: unknown): value is DiagnosticData {
  return typeof value === 'object' && value !== null && typeof (value as DiagnosticData).ruleId === 'string';
}
