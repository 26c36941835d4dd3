import type { EnginePass, Finding, OffsetRange, RuleReport, TextEdit } from './types';
import type { LineIndex } from './lineIndex';

/**
 * Inline suppressions, one syntax for every language:
 *   # threatlint-ignore k8s/image-latest-tag -- pinned by the release pipeline
 *   // threatlint-ignore go/jwt-parse-unverified, go/x -- reason
 * On its own line it covers the next line; after code it covers its own line.
 * No rule ids means every rule. Text after `--` is the reason, which is required.
 * `until=YYYY-MM-DD` among the ids makes it expire: after that day the finding returns.
 */
export const SUPPRESSION_MARKER = 'threatlint-ignore';

export interface SuppressionComment {
  /** Line whose findings it suppresses (0-based). */
  targetLine: number;
  ruleIds: string[];
  reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) the suppression holds, from `until=`. */
  until?: string;
  /** The `until=` value when it is not a valid date (the suppression then never expires). */
  invalidUntil?: string;
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
    const tokens = idsPart.split(/[\s,]+/).filter((id) => id.length > 0);
    const untilToken = tokens.find((t) => t.startsWith('until='))?.slice('until='.length);
    const ruleIds = tokens.filter((t) => !t.startsWith('until='));
    const ownLine = text.slice(lineStart, commentStart).trim() === '';
    result.push({
      targetLine: ownLine ? line + 1 : line,
      ruleIds,
      reason,
      ...(untilToken === undefined ? {} : isDate(untilToken) ? { until: untilToken } : { invalidUntil: untilToken }),
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

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Today as `YYYY-MM-DD` in UTC, the calendar `until=` is read in. */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Marks findings covered by a suppression comment. A comment past its `until=` day does not
 * suppress: its finding is reported again, saying so. Returns the comments that covered a
 * finding (expired ones included), so the rest can be reported as stale.
 */
export function applySuppressions(findings: Finding[], comments: SuppressionComment[], lines: LineIndex, today: string = utcToday()): Set<SuppressionComment> {
  const used = new Set<SuppressionComment>();
  if (comments.length === 0) return used;
  const byLine = new Map<number, SuppressionComment[]>();
  for (const c of comments) {
    const list = byLine.get(c.targetLine) ?? [];
    list.push(c);
    byLine.set(c.targetLine, list);
  }
  for (const finding of findings) {
    const line = lines.positionAt(finding.range.start).line;
    const match = byLine.get(line)?.find((c) => covers(c, finding.ruleId));
    if (!match) continue;
    used.add(match);
    if (match.until !== undefined && today > match.until) finding.message += ` (its suppression expired on ${match.until})`;
    else finding.suppression = { kind: 'inSource', reason: match.reason, range: match.range };
  }
  return used;
}

/** Reported by the engine pass `stale-suppressions`, not by a rule's check: only the engine knows which comments covered a finding. */
export const STALE_SUPPRESSION_RULE = 'threatlint/stale-suppression';

/** What an engine pass sees: the file's suppression comments after they were applied to the findings of every check. */
export interface PassInput {
  comments: readonly SuppressionComment[];
  used: ReadonlySet<SuppressionComment>;
  text: string;
  lines: LineIndex;
  stateOf: (ruleId: string) => RuleState;
}

/** Runs an engine pass; the engine reports what it returns under the id of the rule that named the pass. */
export function runPass(pass: EnginePass, input: PassInput): RuleReport[] {
  switch (pass) {
    case 'stale-suppressions':
      return staleSuppressions(input.comments, input.used, input.text, input.lines, input.stateOf);
  }
}

/** How the engine ran a rule on this file: stale checks skip comments naming a rule that did not run. */
export type RuleState = 'ran' | 'off' | 'unknown';

/** Message ids of threatlint/stale-suppression, whose texts are in its metadata. */
export type StaleMessageId = 'badUntil' | 'unknownRule' | 'noMatch';

/**
 * Comments that suppressed nothing (the code was fixed, the rule id is misspelled or for another
 * language) and `until=` values that are not dates, each with a fix deleting the comment.
 */

export function staleSuppressions(
  comments: readonly SuppressionComment[],
  used: ReadonlySet<SuppressionComment>,
  text: string,
  lines: LineIndex,
  stateOf: (ruleId: string) => RuleState,
): RuleReport<StaleMessageId>[] {
  const reports: RuleReport<StaleMessageId>[] = [];
  for (const comment of comments) {
    if (comment.invalidUntil !== undefined) {
      reports.push({ range: comment.markerRange, messageId: 'badUntil', data: { until: comment.invalidUntil } });
    }
    if (used.has(comment)) continue;
    const states = comment.ruleIds.map(stateOf);
    if (states.includes('off')) continue;
    const unknown = comment.ruleIds.filter((_, i) => states[i] === 'unknown');
    const target = comment.targetLine + 1;
    const fix = { title: 'Remove the stale suppression comment', edits: [removeComment(comment, text, lines)] };
    reports.push(
      unknown.length > 0
        ? {
            range: comment.markerRange,
            messageId: 'unknownRule',
            data: { rules: unknown.length === 1 ? 'an unknown rule' : 'unknown rules', ids: unknown.join(', '), line: target },
            fix,
          }
        : {
            range: comment.markerRange,
            messageId: 'noMatch',
            data: { of: comment.ruleIds.length > 0 ? ` of ${comment.ruleIds.join(', ')}` : '', line: target },
            fix,
          },
    );
  }
  return reports;
}

/** Deletes a whole-line comment with its line break, or a trailing comment with the blanks before it. */
function removeComment(comment: SuppressionComment, text: string, lines: LineIndex): TextEdit {
  const line = lines.positionAt(comment.range.start).line;
  const lineStart = lines.lineStart(line);
  if (text.slice(lineStart, comment.range.start).trim() === '') {
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : comment.range.end;
    return { range: { start: lineStart, end: next }, newText: '' };
  }
  let start = comment.range.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { range: { start, end: comment.range.end }, newText: '' };
}
