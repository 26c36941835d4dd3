import { createHash } from 'node:crypto';
import type { LineIndex } from '../engine/lineIndex';
import type { Finding } from '../engine/types';

/**
 * Fingerprints that survive edits elsewhere in a file: the rule, the path, the trimmed text
 * of the finding's line and its occurrence number among identical lines. Used by SARIF
 * `partialFingerprints`, the JSON output and baselines.
 */
export function fingerprints(relativePath: string, text: string, lines: LineIndex, findings: readonly Finding[]): string[] {
  return fingerprintsOf(relativePath, fingerprintItems(text, lines, findings));
}

/** What a fingerprint depends on besides the path, so it can be kept without the file's text. */
export interface FingerprintItem {
  ruleId: string;
  /** The finding's line, trimmed. */
  lineText: string;
}

export function fingerprintItems(text: string, lines: LineIndex, findings: readonly Finding[]): FingerprintItem[] {
  return findings.map((f) => {
    const line = lines.positionAt(f.range.start).line;
    return { ruleId: f.ruleId, lineText: text.slice(lines.lineStart(line), lines.lineEnd(line)).trim() };
  });
}

/** Fingerprints of items in file order; identical lines are told apart by their occurrence number. */
export function fingerprintsOf(relativePath: string, items: readonly FingerprintItem[]): string[] {
  const occurrences = new Map<string, number>();
  return items.map((item) => {
    const key = `${item.ruleId}\u0000${relativePath}\u0000${item.lineText}`;
    const occurrence = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, occurrence);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}

/** Stable shard of a path: FNV-1a of its `/`-separated relative form, so every CI job agrees. */
export function shardOf(relativePath: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < relativePath.length; i++) {
    hash ^= relativePath.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
