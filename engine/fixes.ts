import type { Finding, TextEdit } from './types';

/**
 * Applies edits in document order; identical edits count once. An edit that overlaps one already applied is skipped
 * (like ESLint's fixer, one pass), and the skipped count is returned so callers can re-run
 * when they need everything fixed.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; skipped: number } {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const parts: string[] = [];
  let cursor = 0;
  let skipped = 0;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    // Two fixes may need the same edit (e.g. both add `import "os"`): apply it once.
    if (previous && previous.range.start === edit.range.start && previous.range.end === edit.range.end && previous.newText === edit.newText) continue;
    previous = edit;
    if (edit.range.start < cursor) {
      skipped++;
      continue;
    }
    parts.push(text.slice(cursor, edit.range.start), edit.newText);
    cursor = edit.range.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), skipped };
}

/** Every edit of every fixable finding, for "fix all" in the CLI and the tests. */
export function fixEdits(findings: readonly Finding[]): TextEdit[] {
  return findings.flatMap((f) => (f.fix && !f.suppression ? f.fix.edits : []));
}
