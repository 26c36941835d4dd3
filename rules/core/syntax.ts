import type { Node } from '@vscode/tree-sitter-wasm';
import type { OffsetRange } from './types';

/** Depth-first walk over named nodes; return `false` from `visit` to skip a subtree. */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of node.namedChildren) if (child) walk(child, visit);
}

export function descendants(node: Node, type: string | readonly string[]): Node[] {
  const types = typeof type === 'string' ? [type] : type;
  const found: Node[] = [];
  walk(node, (n) => {
    if (types.includes(n.type)) found.push(n);
  });
  return found;
}

export function rangeOf(node: Node): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

export function field(node: Node | null | undefined, name: string): Node | undefined {
  return node?.childForFieldName(name) ?? undefined;
}

export function named(node: Node | null | undefined): Node[] {
  return (node?.namedChildren ?? []).filter((n): n is Node => n !== null);
}

/** The nearest ancestor of one of the given types. */
export function ancestor(node: Node, types: readonly string[]): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (types.includes(p.type)) return p;
  return undefined;
}

/** Strips a node of wrapping parentheses. */
export function unparen(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && n.type === 'parenthesized_expression') n = named(n)[0];
  return n;
}
