import type { Node, TreeCursor } from '@vscode/tree-sitter-wasm';
import type { OffsetRange } from './types';

/**
 * Depth-first, pre-order walk over named nodes; return `false` from `visit` to skip a subtree.
 * Iterative, with a tree cursor: a hostile file nesting 10,000 levels deep must not overflow
 * the call stack, and the cursor avoids materialising child arrays on the way.
 */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  visitSubtree(node, (cursor) => (cursor.nodeIsNamed ? visit(cursor.currentNode) : undefined));
}

/**
 * Every named node of the given types under `node` (itself included), in document order.
 * Memoised per tree: rules following values ask the same question of the same function many
 * times, and without the cache a file of 10,000 reassignments took seconds instead of milliseconds.
 * Only matching nodes are materialised as JS objects.
 */
export function descendants(node: Node, type: string | readonly string[]): Node[] {
  const types = typeof type === 'string' ? [type] : type;
  let perTree = descendantCache.get(node.tree);
  if (!perTree) descendantCache.set(node.tree, (perTree = new Map()));
  const key = `${node.id}:${node.startIndex}:${types.join(',')}`;
  const cached = perTree.get(key);
  if (cached) return cached.slice();
  const found: Node[] = [];
  visitSubtree(node, (cursor) => {
    if (cursor.nodeIsNamed && types.includes(cursor.nodeType)) found.push(cursor.currentNode);
  });
  perTree.set(key, found);
  return found.slice();
}

/** Pre-order over every node (named or not) of `node`'s subtree; `false` skips the current subtree. */
function visitSubtree(node: Node, visit: (cursor: TreeCursor) => boolean | void): void {
  const cursor = node.walk();
  try {
    let depth = 0;
    for (;;) {
      if (visit(cursor) !== false && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      for (;;) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Trees are immutable once parsed, so a node's descendants never change; entries go with their tree. */
const descendantCache = new WeakMap<object, Map<string, Node[]>>();

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
