import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { AnalysisResult } from '../../engine/engine';
import { LineIndex } from '../../engine/lineIndex';
import type { Finding, OffsetRange, Severity } from '../../engine/types';

export const SOURCE = 'threatlint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/** What a code action needs, carried in `diagnostic.data` so actions never re-run the engine or parse messages. */
export interface DiagnosticData {
  ruleId: string;
  fix?: { title: string; edits: { range: Range; newText: string }[] };
}

export function toRange(lines: LineIndex, range: OffsetRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

/** The one place offsets become LSP positions. Suppressed findings are not shown in the editor. */
export function toDiagnostics(uri: string, text: string, result: AnalysisResult, docUri: (ruleId: string) => string): Diagnostic[] {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = result.notices.map((notice) => ({
    range: toRange(lines, notice.range ?? { start: 0, end: 0 }),
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: notice.message,
  }));
  for (const finding of result.findings) {
    if (finding.suppression) continue;
    diagnostics.push(toDiagnostic(uri, finding, lines, docUri));
  }
  return diagnostics;
}

function toDiagnostic(uri: string, finding: Finding, lines: LineIndex, docUri: (ruleId: string) => string): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    fix: finding.fix && {
      title: finding.fix.title,
      edits: finding.fix.edits.map((e) => ({ range: toRange(lines, e.range), newText: e.newText })),
    },
  };
  return {
    range: toRange(lines, finding.range),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: docUri(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related?.map((r) => ({ location: { uri, range: toRange(lines, r.range) }, message: r.message })),
    data,
  };
}

export function fileUri(file: string): string {
  return URI.file(file).toString();
}
