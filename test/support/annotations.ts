/**
 * Inline expectations in fixture files, semgrep style:
 *
 *   # ruleid: k8s/image-latest-tag#mutableTag "nginx:latest"
 *   image: nginx:latest
 *   # ruleid: k8s/image-latest-tag#noTag[note]
 *   image: nginx
 *   # ok: k8s/image-latest-tag
 *   image: nginx:1.27.0
 *   # todoruleid: k8s/image-latest-tag
 *   image: nginx:stable-alpine
 *
 * `ruleid:` expects a finding of that rule starting on the next code line. `#id` names the
 * message id (required when the rule has more than one message), `[severity]` the finding's
 * severity (required when it is not the rule's default), and the optional quoted text must
 * equal the finding's exact range. `ok:` expects none there; `todoruleid:` records a known
 * miss: no finding yet, counted by the tester so it stays visible. `//` works the same in Go
 * and TS/JS. Several annotations may stack above one line.
 */
import type { Severity } from '../../engine/types';

export type ExpectationKind = 'ruleid' | 'ok' | 'todoruleid';

export interface Expectation {
  kind: ExpectationKind;
  ruleId: string;
  messageId?: string;
  severity?: Severity;
  /** 0-based line the expectation is about. */
  line: number;
  /** Exact text of the finding's range, when given. */
  text?: string;
  /** 0-based line of the annotation, for messages. */
  annotationLine: number;
}

const ANNOTATION = /^\s*(?:#|\/\/)\s*(ruleid|ok|todoruleid):\s*([\w/-]+)(?:#(\w+))?(?:\[(error|warning|note)\])?(?:\s+"((?:[^"\\]|\\.)*)")?\s*$/;

/** Any annotation comment, own-line or trailing: what doc examples must not show. */
export const ANNOTATION_COMMENT = /(?:#|\/\/)\s*(?:ruleid|ok|todoruleid):.*$/;

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const result: Expectation[] = [];
  const pending: Omit<Expectation, 'line'>[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (match) {
      pending.push({
        kind: match[1] as ExpectationKind,
        ruleId: match[2],
        messageId: match[3],
        severity: match[4] as Severity | undefined,
        text: match[5] === undefined ? undefined : JSON.parse(`"${match[5]}"`),
        annotationLine: index,
      });
      return;
    }
    for (const p of pending) result.push({ ...p, line: index });
    pending.length = 0;
  });
  return result;
}

/**
 * Fixture text as a reader of the docs should see it: annotation lines dropped, trailing
 * annotation comments cut (with the blanks before them).
 */
export function stripAnnotations(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const match = ANNOTATION_COMMENT.exec(line);
      if (!match) return [line];
      const before = line.slice(0, match.index);
      return before.trim() === '' ? [] : [before.trimEnd()];
    })
    .join('\n');
}
