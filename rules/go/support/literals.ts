import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../../../engine/syntax';
import { goStringValue, isStringLiteral } from './goSyntax';

/** One `key: value` of a composite literal, with `literal_element` wrappers removed. */
export interface KeyedElement {
  element: Node;
  key: Node;
  value: Node;
  /** The key as written: a field name, or the value of a string key (`"exp"` → `exp`). */
  keyText: string;
}

/** The keyed elements of a composite literal (`T{A: 1, "b": 2}`). */
export function keyedElements(literal: Node | undefined): KeyedElement[] {
  const body = literal?.type === 'composite_literal' ? field(literal, 'body') : literal;
  const result: KeyedElement[] = [];
  for (const element of named(body)) {
    if (element.type !== 'keyed_element') continue;
    const key = unwrap(field(element, 'key') ?? named(element)[0]);
    const value = unwrap(field(element, 'value') ?? named(element)[1]);
    if (!key || !value) continue;
    const keyText = key.type === 'interpreted_string_literal' || key.type === 'raw_string_literal' ? key.text.slice(1, -1) : key.text;
    result.push({ element, key, value, keyText });
  }
  return result;
}

function unwrap(node: Node | undefined): Node | undefined {
  return node?.type === 'literal_element' ? named(node)[0] : node;
}

/**
 * The text a `+` concatenation around a string literal spells, with `%s` for the parts that
 * are not literals: `"postgres://u@" + addr + "?sslmode=disable"` → `postgres://u@%s?sslmode=disable`.
 */
export function concatenationText(literal: Node): string {
  let top = literal;
  while (top.parent?.type === 'binary_expression' && top.parent.child(1)?.text === '+') top = top.parent;
  const spell = (n: Node | undefined): string => {
    if (!n) return '';
    if (n.type === 'binary_expression' && n.child(1)?.text === '+') return spell(field(n, 'left')) + spell(field(n, 'right'));
    return isStringLiteral(n) ? (goStringValue(n) ?? '') : '%s';
  };
  return spell(top);
}

/** The range of the whole line(s) holding a node, newline included, when nothing else shares them; else undefined. */
export function ownLines(text: string, node: Node, trailing = /^,?[ \t]*(\/\/[^\n]*)?$/): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  const newline = text.indexOf('\n', node.endIndex);
  const end = newline < 0 ? text.length : newline;
  if (text.slice(start, node.startIndex).trim() !== '' || !trailing.test(text.slice(node.endIndex, end))) return undefined;
  return { start, end: newline < 0 ? end : end + 1 };
}
