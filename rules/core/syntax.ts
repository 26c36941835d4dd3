import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { OffsetRange } from './types';

/** Depth-first walk over named nodes; return `false` from `visit` to skip a subtree. */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of node.namedChildren) if (child) walk(child, visit);
}

/**
 * Nodes of the given types under `node` (itself included), in document order.
 *
 * Rules ask this many times per file, often of the whole tree, and a JavaScript walk crosses
 * into WASM for every node. So each tree answers a type list once, natively
 * (`descendantsOfType`), and later questions about any subtree are a binary search in that
 * sorted list: a 2,000-line file goes from seconds to milliseconds.
 */
export function descendants(node: Node, type: string | readonly string[]): Node[] {
  const types = typeof type === 'string' ? [type] : type;
  const all = indexed(node.tree, types);
  const root = node.tree.rootNode;
  if (node.id === root.id) return all.slice();
  const found: Node[] = [];
  for (let i = firstAtOrAfter(all, node.startIndex); i < all.length; i++) {
    const candidate = all[i];
    if (candidate.startIndex > node.endIndex) break;
    if (candidate.endIndex > node.endIndex) continue;
    // On the boundaries ranges do not decide: an ancestor can share the node's exact range
    // (`expression_statement` around a call), a zero-width node can sit just after it.
    const onBoundary = (candidate.startIndex === node.startIndex && candidate.endIndex === node.endIndex) || candidate.startIndex === node.endIndex;
    if (onBoundary && !isSelfOrDescendant(candidate, node)) continue;
    found.push(candidate);
  }
  return found;
}

const typeIndex = new WeakMap<Tree, Map<string, Node[]>>();

function indexed(tree: Tree, types: readonly string[]): Node[] {
  let byTypes = typeIndex.get(tree);
  if (!byTypes) {
    byTypes = new Map();
    typeIndex.set(tree, byTypes);
  }
  const key = types.join('\u0000');
  let nodes = byTypes.get(key);
  if (!nodes) {
    nodes = tree.rootNode.descendantsOfType([...types]).filter((n): n is Node => n !== null);
    byTypes.set(key, nodes);
  }
  return nodes;
}

function firstAtOrAfter(nodes: readonly Node[], offset: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (nodes[mid].startIndex < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function isSelfOrDescendant(candidate: Node, node: Node): boolean {
  for (let p: Node | null = candidate; p; p = p.parent) {
    if (p.id === node.id) return true;
    if (p.startIndex < node.startIndex || p.endIndex > node.endIndex) return false;
  }
  return false;
}

export function rangeOf(node: Node): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

/**
 * A node's child for a grammar field. Memoised per tree: rules ask for the same fields of
 * the same nodes over and over, and each uncached answer is a WASM call and a new object.
 */
export function field(node: Node | null | undefined, name: string): Node | undefined {
  if (!node) return undefined;
  let fields = fieldCache.get(node.tree);
  if (!fields) {
    fields = new Map();
    fieldCache.set(node.tree, fields);
  }
  const key = `${node.id}:${name}`;
  let child = fields.get(key);
  if (child === undefined) {
    child = node.childForFieldName(name);
    fields.set(key, child);
  }
  return child ?? undefined;
}

const fieldCache = new WeakMap<Tree, Map<string, Node | null>>();

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
