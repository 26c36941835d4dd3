import type { Node } from '@vscode/tree-sitter-wasm';
import type { OffsetRange } from './types';

/**
 * Depth-first, pre-order walk over named nodes; return `false` from `visit` to skip a subtree.
 * Iterative: a hostile file nesting 10,000 levels deep must not overflow the call stack.
 */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  const stack: Node[] = [node];
  for (let current = stack.pop(); current; current = stack.pop()) {
    if (visit(current) === false) continue;
    const children = current.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
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
