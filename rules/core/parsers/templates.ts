import type { OffsetRange } from '../types';

export interface Detemplated {
  /** Same length as the input, every `{{ … }}` neutralised. */
  text: string;
  /** Where template actions were, for rules to treat those regions as unknown. */
  templated: OffsetRange[];
}

/**
 * Makes a Helm/Go-template manifest parseable as YAML without rendering it and without
 * moving a single offset: a line holding only template actions (`{{- if … }}`, `{{ toYaml . |
 * nindent 8 }}`) becomes a comment of the same length, and an inline `{{ … }}` becomes
 * `$___…`, a plain scalar that rules read as an unresolved value. Findings therefore keep
 * exact positions in the original text.
 */
export function detemplate(text: string): Detemplated {
  const templated: OffsetRange[] = [];
  const out = text.split('');
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const closeAt = text.indexOf('}}', open + 2);
    const end = closeAt < 0 ? text.length : closeAt + 2;
    templated.push({ start: open, end });
    from = end;
  }
  if (templated.length === 0) return { text, templated };
  for (const { start, end } of templated) {
    for (let i = start; i < end; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = '_';
    out[start] = '$';
  }
  // Lines that held nothing but template actions become comments.
  let lineStart = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && out[i] !== '\n') continue;
    const line = out.slice(lineStart, i).join('');
    const trimmed = line.trim();
    if (trimmed.startsWith('$_') && /^[$_\s]+$/.test(trimmed) && overlaps(templated, lineStart, i)) {
      const indent = line.length - line.trimStart().length;
      out[lineStart + indent] = '#';
    }
    lineStart = i + 1;
  }
  return { text: out.join(''), templated };
}

function overlaps(ranges: OffsetRange[], start: number, end: number): boolean {
  return ranges.some((r) => r.start < end && r.end > start);
}
