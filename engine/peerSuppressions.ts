import type { LineIndex } from './lineIndex';
import type { Finding, OffsetRange } from './types';

/**
 * Other tools' inline suppressions, honoured for code rules (`go/*`, `ts/*`) as if they were
 * `threatlint-ignore` comments: whoever wrote them judged the line already, with a reason.
 *
 *   //nolint, //nolint:all, //nolint:gosec, //nolint:errcheck,gosec // reason   (golangci-lint; Go)
 *   // #nosec, // #nosec G402 G101 -- reason, /* #nosec *\/                     (gosec; Go)
 *   // nosemgrep, // nosemgrep: rule-id, other-id                              (semgrep; Go, TS/JS)
 *
 * Placement as the tools place them: after code a comment covers its own line; on a line of its
 * own it covers the line below (semgrep's "preceding line") and, for golangci-lint and gosec,
 * which attach the comment to the syntax node that follows, the whole statement or declaration
 * starting there (a `//nolint:gosec` above a `func` covers the function). golangci-lint directives have no space after `//` (`// nolint` is not a directive);
 * `#nosec` and `nosemgrep` must open their comment. They are never stale findings of ours.
 */
export interface PeerSuppression {
  tool: 'nolint' | 'nosec' | 'nosemgrep';
  /** Line whose findings it suppresses (0-based). */
  targetLine: number;
  /** The statement or declaration starting on `targetLine` (own-line golangci-lint and gosec comments). */
  extent?: OffsetRange;
  /** Whether it suppresses findings of this rule. */
  covers(ruleId: string): boolean;
  /** The explanation written with it, or the directive itself (`nolint:gosec`, `#nosec G402`). */
  reason: string;
  /** The comment, from its `//` or `/*` to the end of the line (or of the block comment). */
  range: OffsetRange;
}

/**
 * gosec rule ids and the ThreatLint rules that report the same thing: `#nosec G402` suppresses
 * only these. An id absent here, or mapped to none, suppresses nothing of ours.
 */
export const GOSEC_RULES: Readonly<Record<string, readonly string[]>> = {
  G101: ['go/hardcoded-credentials', 'go/jwt-hardcoded-key'], // hard-coded credentials
  G104: [], // unchecked errors
  G114: [], // http.ListenAndServe without timeouts
  G201: ['go/sql-string-built'], // SQL built with a format string
  G202: ['go/sql-string-built'], // SQL built by concatenation
  G401: [], // weak hash (MD5, SHA-1)
  G402: ['go/tls-insecure-skip-verify'], // bad TLS settings (InsecureSkipVerify, old versions)
  G404: [], // math/rand instead of crypto/rand
  G501: [], // import of crypto/md5
  G505: [], // import of crypto/sha1
};

const isCodeRule = (id: string) => id.startsWith('go/') || id.startsWith('ts/');
const isGoRule = (id: string) => id.startsWith('go/');

/** Comments of the three tools in a Go or TS/JS file; `go: false` keeps only `nosemgrep` (the others are Go tools). */
export function findPeerSuppressions(
  text: string,
  lines: LineIndex,
  options: { go: boolean; /** The syntax node starting at an offset, if one does. */ extentAt?: (offset: number) => OffsetRange | undefined },
): PeerSuppression[] {
  const result: PeerSuppression[] = [];
  // Cheap exit: most files have none.
  if (!/nolint|#nosec|nosemgrep/.test(text)) return result;
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    const lineText = text.slice(start, end);
    if (!/nolint|#nosec|nosemgrep/.test(lineText)) continue;
    const found = parseLine(lineText, options.go);
    if (!found) continue;
    const ownLine = lineText.slice(0, found.at).trim() === '';
    let extent: OffsetRange | undefined;
    if (ownLine && found.tool !== 'nosemgrep' && options.extentAt && line + 1 < lines.lineCount) {
      const next = lines.lineStart(line + 1);
      const indent = /^[ \t]*/.exec(text.slice(next, lines.lineEnd(line + 1)))?.[0].length ?? 0;
      extent = options.extentAt(next + indent);
    }
    result.push({
      tool: found.tool,
      targetLine: ownLine ? line + 1 : line,
      ...(extent ? { extent } : {}),
      covers: found.covers,
      reason: found.reason,
      range: { start: start + found.at, end: start + found.end },
    });
  }
  return result;
}

interface Parsed {
  tool: PeerSuppression['tool'];
  /** Offsets in the line of the comment's opener and end. */
  at: number;
  end: number;
  covers(ruleId: string): boolean;
  reason: string;
}

function parseLine(lineText: string, go: boolean): Parsed | undefined {
  if (go) {
    // golangci-lint: `//nolint` directly, then optional `:linter,linter`, then an optional `// explanation`.
    const nolint = /\/\/nolint(?::([\w-]+(?:,[\w-]+)*))?(?=\s|$)(.*)$/.exec(lineText);
    if (nolint) {
      const linters = nolint[1]?.split(',') ?? [];
      const all = linters.length === 0 || linters.includes('all');
      const directive = `nolint${nolint[1] ? `:${nolint[1]}` : ''}`;
      if (all || linters.includes('gosec')) {
        const explanation = /^\s*\/\/\s*(.*?)\s*$/.exec(nolint[2])?.[1];
        return { tool: 'nolint', at: nolint.index, end: lineText.length, covers: isGoRule, reason: explanation || directive };
      }
    }
    // gosec: `#nosec` opening a line or block comment, optional G-ids, optional `-- justification`.
    const nosec = /(\/\/|\/\*)\s*#nosec\b(.*?)(\*\/|$)/.exec(lineText);
    if (nosec) {
      const [idsPart, ...justification] = nosec[2].split('--');
      const ids = idsPart.match(/\bG\d{3}\b/g) ?? [];
      const covered = new Set(ids.flatMap((id) => GOSEC_RULES[id] ?? []));
      const reason = justification.join('--').trim() || `#nosec${ids.length ? ` ${ids.join(' ')}` : ''}`;
      return {
        tool: 'nosec',
        at: nosec.index,
        end: nosec.index + nosec[0].length,
        covers: ids.length === 0 ? isGoRule : (id) => covered.has(id),
        reason,
      };
    }
  }
  // semgrep: `nosemgrep` opening a comment, optionally `: id, id`. A listed id covers our rule when
  // it is our id or ends with our rule's name (`….sql-string-built`); other ids are semgrep's own.
  const nosemgrep = /(\/\/|\/\*)\s*nosemgrep\b(?::\s*([^\s*]+(?:\s*,\s*[^\s*,]+)*))?(.*?)(\*\/|$)/.exec(lineText);
  if (nosemgrep) {
    const ids = nosemgrep[2]?.split(/\s*,\s*/).filter(Boolean) ?? [];
    const names = (ruleId: string) => ids.some((id) => id === ruleId || id.split(/[./]/).pop() === ruleId.split('/').pop());
    const rest = nosemgrep[3].replace(/^\s*(--|\/\/)?\s*/, '').trim();
    return {
      tool: 'nosemgrep',
      at: nosemgrep.index,
      end: nosemgrep.index + nosemgrep[0].length,
      covers: (ruleId) => isCodeRule(ruleId) && (ids.length === 0 || names(ruleId)),
      reason: rest || `nosemgrep${ids.length ? `: ${ids.join(', ')}` : ''}`,
    };
  }
  return undefined;
}

/** Marks code-rule findings that a peer's comment covers and no `threatlint-ignore` already did. */
export function applyPeerSuppressions(findings: Finding[], peers: readonly PeerSuppression[], lines: LineIndex): void {
  if (peers.length === 0) return;
  for (const finding of findings) {
    if (finding.suppression || !isCodeRule(finding.ruleId)) continue;
    const line = lines.positionAt(finding.range.start).line;
    const within = (p: PeerSuppression) => p.extent !== undefined && finding.range.start >= p.extent.start && finding.range.end <= p.extent.end;
    const match = peers.find((p) => (p.targetLine === line || within(p)) && p.covers(finding.ruleId));
    if (match) finding.suppression = { kind: 'inSource', reason: match.reason, range: match.range };
  }
}
