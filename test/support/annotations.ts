/**
 * Inline expectations in fixture files, semgrep style:
 *
 *   # ruleid: k8s/image-latest-tag "nginx:latest"
 *   image: nginx:latest
 *   # ok: k8s/image-latest-tag
 *   image: nginx:1.27.0
 *
 * `ruleid:` expects a finding of that rule starting on the next code line; the optional
 * quoted text must equal the finding's exact range. `ok:` expects none there. `//` works
 * the same in Go and TS/JS. Several annotations may stack above one line.
 */
export interface Expectation {
  kind: 'ruleid' | 'ok';
  ruleId: string;
  /** 0-based line the expectation is about. */
  line: number;
  /** Exact text of the finding's range, when given. */
  text?: string;
  /** 0-based line of the annotation, for messages. */
  annotationLine: number;
}

const ANNOTATION = /^\s*(?:#|\/\/)\s*(ruleid|ok):\s*([\w/-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*$/;

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const result: Expectation[] = [];
  const pending: Omit<Expectation, 'line'>[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (match) {
      pending.push({
        kind: match[1] as Expectation['kind'],
        ruleId: match[2],
        text: match[3] === undefined ? undefined : JSON.parse(`"${match[3]}"`),
        annotationLine: index,
      });
      return;
    }
    for (const p of pending) result.push({ ...p, line: index });
    pending.length = 0;
  });
  return result;
}
