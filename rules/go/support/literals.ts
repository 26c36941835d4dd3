import type { Node } from '@vscode/tree-sitter-wasm';
import { memoOf } from '../../../engine/memo';
import { descendants, field, named } from '../../../engine/syntax';
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
  return chainTexts(literal.tree.rootNode).get(literal.id) ?? (isStringLiteral(literal) ? (goStringValue(literal) ?? '') : '%s');
}

const CHAINS = Symbol('concatenation chains');
const isPlus = (n: Node): boolean => n.type === 'binary_expression' && n.child(1)?.text === '+';

/**
 * The text of every `+` chain, by the id of each string literal in it, computed once per file
 * from the top of each chain down. Walking up from each literal instead made protoc's raw
 * descriptors (a chain of 1,000 literals, 200 KB) take minutes: tree-sitter finds a node's
 * parent by descending from the root, so each step up costs the depth.
 */
function chainTexts(root: Node): Map<number, string> {
  return memoOf(root.tree)(CHAINS, () => {
    const texts = new Map<number, string>();
    const inChain = new Set<number>();
    // Pre-order: a chain's top comes before the `+` nodes inside it.
    for (const top of descendants(root, 'binary_expression')) {
      if (inChain.has(top.id) || !isPlus(top)) continue;
      const parts: string[] = [];
      const literals: number[] = [];
      const pending: (Node | undefined)[] = [top];
      while (pending.length > 0) {
        const n = pending.pop();
        if (!n) continue;
        if (isPlus(n)) {
          inChain.add(n.id);
          pending.push(field(n, 'right'), field(n, 'left'));
        } else if (isStringLiteral(n)) {
          parts.push(goStringValue(n) ?? '');
          literals.push(n.id);
        } else parts.push('%s');
      }
      const text = parts.join('');
      for (const id of literals) texts.set(id, text);
    }
    return texts;
  });
}

/** The range of the whole line(s) holding a node, newline included, when nothing else shares them; else undefined. */
export function ownLines(text: string, node: Node, trailing = /^,?[ \t]*(\/\/[^\n]*)?$/): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  const newline = text.indexOf('\n', node.endIndex);
  const end = newline < 0 ? text.length : newline;
  if (text.slice(start, node.startIndex).trim() !== '' || !trailing.test(text.slice(node.endIndex, end))) return undefined;
  return { start, end: newline < 0 ? end : end + 1 };
}
