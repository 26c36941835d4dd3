import { isCollection, isMap, isScalar, isSeq, parse, stringify, type Node, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../../engine/types';

/**
 * Text edits that add keys to a YAML mapping the way a person would: block mappings get new
 * lines at the indentation of their existing keys, after the last key's content and before
 * any trailing comments; flow mappings (`{a: 1}`) get `, key: value` before the brace.
 * Nothing else in the file is touched, so comments and formatting survive.
 */
export function addEntries(text: string, map: YAMLMap, entries: string[]): TextEdit | undefined {
  if (entries.length === 0 || !map.range) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range[1]);
    if (close < map.range[0]) return undefined;
    const empty = map.items.length === 0;
    const inline = entries.map(toFlowEntry).join(', ');
    return { range: { start: close, end: close }, newText: `${empty ? '' : ', '}${inline}` };
  }
  const first = map.items[0];
  const firstKey = first && (first.key as Node | null);
  if (!firstKey?.range) return undefined;
  // `&anchor key:` or `!tag key:` on the first line: its column is not the map's indentation
  // (fuzz find). Take a later key's column, or offer no edit rather than a broken one.
  let keyStart = firstKey.range[0];
  if (/[&!]/.test(text.slice(text.lastIndexOf('\n', keyStart - 1) + 1, keyStart))) {
    const second = map.items[1]?.key as Node | null | undefined;
    if (!second?.range) return undefined;
    keyStart = second.range[0];
  }
  const indent = ' '.repeat(columnOf(text, keyStart));
  const at = lineEndAfter(text, contentEnd(map));
  const lines = entries.map((entry) =>
    entry
      .split('\n')
      .map((line) => indent + line)
      .join('\n'),
  );
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  // At the very end of a file without a final newline, start a new line first.
  const lead = at === text.length && !text.endsWith('\n') ? newline : '';
  return { range: { start: at, end: at }, newText: `${lead}${lines.join(newline)}${at === text.length && lead ? '' : newline}` };
}

/** Offset just past the last non-comment content of a node (scalars end before their comment). */
export function contentEnd(node: unknown): number {
  if (isScalar(node) && node.range) return node.range[1];
  if (isMap(node) || isSeq(node)) {
    const last = node.items[node.items.length - 1];
    if (last === undefined) return node.range?.[1] ?? 0;
    if (isMap(node)) {
      const pair = last as { key: unknown; value: unknown };
      const value = pair.value ?? pair.key;
      return isCollection(value) && !value.flow ? contentEnd(value) : endOfNode(value);
    }
    return isCollection(last) && !last.flow ? contentEnd(last) : endOfNode(last);
  }
  return endOfNode(node);
}

function endOfNode(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[1] : 0;
}

function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** Start of the line after `offset` (or the end of the text). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** `capabilities:\n  drop: [ALL]` → `capabilities: {drop: [ALL]}`, for insertion into a flow mapping. */
function toFlowEntry(entry: string): string {
  const value: unknown = parse(entry);
  if (typeof value !== 'object' || value === null) return entry;
  return Object.entries(value)
    .map(
      ([key, v]) =>
        `${key}: ${stringify(v, { collectionStyle: 'flow' }).trim().replace(/\{ /g, '{').replace(/ \}/g, '}').replace(/\[ /g, '[').replace(/ \]/g, ']')}`,
    )
    .join(', ');
}
