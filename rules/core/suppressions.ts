import type { Finding, OffsetRange } from './types';
import { LineIndex } from './lineIndex';

/**
 * Inline suppressions, one syntax for every language:
 *   # threatlint-ignore k8s/image-latest-tag -- pinned by the release pipeline
 *   // threatlint-ignore go/jwt-parse-unverified, go/x -- reason
 * On its own line it covers the next line; after code it covers its own line.
 * No rule ids means every rule. Text after `--` is the reason, which is required.
 */
export const SUPPRESSION_MARKER = 'threatlint-ignore';

export interface SuppressionComment {
  /** Line whose findings it suppresses (0-based). */
  targetLine: number;
  ruleIds: string[];
  reason: string;
  /** The comment, from its `#`/`//` to the end of the line. */
  range: OffsetRange;
  /** Range of the marker word, for reports about the suppression itself. */
  markerRange: OffsetRange;
}

export function findSuppressions(text: string, lines: LineIndex): SuppressionComment[] {
  const result: SuppressionComment[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(SUPPRESSION_MARKER, from);
    if (at < 0) break;
    from = at + SUPPRESSION_MARKER.length;
    const { line } = lines.positionAt(at);
    const lineStart = lines.lineStart(line);
    const lineEnd = lines.lineEnd(line);
    const commentStart = commentOpenerBefore(text, lineStart, at);
    if (commentStart < 0) continue;
    const after = text.charCodeAt(from);
    if (from < lineEnd && after !== 32 && after !== 9) continue; // e.g. threatlint-ignored
    const body = text.slice(from, lineEnd);
    const separator = body.indexOf('--');
    const idsPart = separator >= 0 ? body.slice(0, separator) : body;
    const reason = separator >= 0 ? body.slice(separator + 2).trim() : '';
    const ruleIds = idsPart.split(/[\s,]+/).filter((id) => id.length > 0);
    const ownLine = text.slice(lineStart, commentStart).trim() === '';
    result.push({
      targetLine: ownLine ? line + 1 : line,
      ruleIds,
      reason,
      range: { start: commentStart, end: lineEnd },
      markerRange: { start: at, end: from },
    });
  }
  return result;
}

/** Start of the `#` or `//` that opens the comment holding `at`, or -1 if `at` is not in such a comment. */
function commentOpenerBefore(text: string, lineStart: number, at: number): number {
  let i = at - 1;
  while (i >= lineStart && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i >= lineStart && text[i] === '#') return i;
  if (i - 1 >= lineStart && text[i] === '/' && text[i - 1] === '/') return i - 1;
  return -1;
}

export function covers(comment: SuppressionComment, ruleId: string): boolean {
  return comment.ruleIds.length === 0 || comment.ruleIds.includes(ruleId);
}

/** Marks findings covered by a suppression comment; returns the comments that carried no reason. */
export function applySuppressions(findings: Finding[], comments: SuppressionComment[], lines: LineIndex): void {
  if (comments.length === 0) return;
  const byLine = new Map<number, SuppressionComment[]>();
  for (const c of comments) {
    const list = byLine.get(c.targetLine) ?? [];
    list.push(c);
    byLine.set(c.targetLine, list);
  }
  for (const finding of findings) {
    const line = lines.positionAt(finding.range.start).line;
    const match = byLine.get(line)?.find((c) => covers(c, finding.ruleId));
    if (match) finding.suppression = { kind: 'inSource', reason: match.reason, range: match.range };
  }
}
