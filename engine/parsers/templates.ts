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
 * nindent 8 }}`) becomes a comment (or blank) of the same length, and an inline `{{ … }}` becomes
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
    // A comment action (`{{/* … */}}`, `{{- /* … */ -}}`) ends at its `*/`, as in text/template.
    const comment = /^-?\s*\/\*/.exec(text.slice(open + 2, open + 6));
    const commentEnd = comment ? text.indexOf('*/', open + 2 + comment[0].length) : -1;
    const closeAt = text.indexOf('}}', commentEnd < 0 ? open + 2 : commentEnd + 2);
    const end = closeAt < 0 ? text.length : closeAt + 2;
    templated.push({ start: open, end });
    from = end;
  }
  if (templated.length === 0) return { text, templated };
  for (const { start, end } of templated) {
    for (let i = start; i < end; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = '_';
    out[start] = '$';
  }
  // Lines that hold nothing but template actions (including the inner lines of a multi-line
  // action such as a `{{/* licence header */}}`) become comments, indented to the next literal
  // line when that is deeper: a less-indented comment would end a block scalar (`data: |` with
  // `{{- if }}` at the key's indentation).
  const actionLines: { start: number; indent: number; end: number }[] = [];
  const contentIndent: (number | undefined)[] = [];
  let lineStart = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && out[i] !== '\n') continue;
    const line = out.slice(lineStart, i).join('');
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    const onlyActions = trimmed !== '' && /^[$_\s]+$/.test(trimmed) && actionsOnly(out, templated, lineStart + indent, lineStart + line.trimEnd().length);
    actionLines.push(onlyActions ? { start: lineStart, indent, end: lineStart + line.trimEnd().length } : { start: -1, indent, end: -1 });
    contentIndent.push(onlyActions || trimmed === '' ? undefined : indent);
    lineStart = i + 1;
  }
  let nextIndent: number | undefined;
  for (let n = actionLines.length - 1; n >= 0; n--) {
    const { start, indent, end } = actionLines[n];
    if (start >= 0) {
      // Indent the comment to the next literal line when it is deeper (blank if the line is too short).
      const at = nextIndent !== undefined && nextIndent > indent ? nextIndent : indent;
      for (let j = start + indent; j < Math.min(start + at, end); j++) out[j] = ' ';
      if (start + at < end) out[start + at] = '#';
      else for (let j = start + at; j < end; j++) out[j] = ' ';
    }
    nextIndent = contentIndent[n] ?? nextIndent;
  }
  // `key: {{ include … | nindent 12 }}` followed by more-indented lines: the action emits the
  // first entries of a block that the literal lines continue, so it becomes a comment and the
  // literal block parses as the key's value. (Indentation is measured from the key, after any `- `.)
  const lines = out.join('').split('\n');
  let offset = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const match = /^(\s*(?:- )*)[^\s#-][^#]*?:\s+([$_]+)\s*$/.exec(line.replace(/\r$/, ''));
    if (match) {
      const at = offset + line.lastIndexOf(match[2]);
      const next = nextContentIndent(lines, n + 1);
      if (next !== undefined && next > match[1].length && covered(templated, at, at + match[2].length)) out[at] = '#';
    }
    offset += line.length + 1;
  }
  return { text: out.join(''), templated };
}

/** True when every offset in [start, end) lies inside some template action. */
function covered(ranges: OffsetRange[], start: number, end: number): boolean {
  let at = start;
  for (const r of ranges) {
    if (r.end <= at) continue;
    if (r.start > at) return false;
    at = r.end;
    if (at >= end) return true;
  }
  return at >= end;
}

/** True when every non-blank character in [start, end) lies inside a template action (`{{ if }} {{ if }}`). */
function actionsOnly(chars: string[], ranges: OffsetRange[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (chars[i] === ' ' || chars[i] === '\t') continue;
    if (!ranges.some((r) => r.start <= i && i < r.end)) return false;
  }
  return true;
}

/** Indentation of the next line that is neither blank nor a comment. */
function nextContentIndent(lines: string[], from: number): number | undefined {
  for (let n = from; n < lines.length; n++) {
    const trimmed = lines[n].trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    return lines[n].length - lines[n].trimStart().length;
  }
  return undefined;
}
