import type { Node, TreeCursor } from '@vscode/tree-sitter-wasm';
import { checkBudget } from './budget';
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
 * Rules following values ask this of the same functions again and again, so each set of types
 * is collected once per tree, over the whole tree, and a subtree's share is cut out of that list
 * by offsets: without it, a file of 10,000 reassignments took seconds instead of milliseconds.
 */
export function descendants(node: Node, type: string | readonly string[]): Node[] {
  const types = typeof type === 'string' ? [type] : type;
  const all = allOfTypes(node.tree.rootNode, types);
  const { startIndex, endIndex } = node;
  let low = 0;
  let high = all.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (all[mid].startIndex < startIndex) low = mid + 1;
    else high = mid;
  }
  const found: Node[] = [];
  for (let i = low; i < all.length && all[i].startIndex <= endIndex; i++) {
    const candidate = all[i];
    if (candidate.endIndex > endIndex) continue; // an ancestor or a later node straddling the end
    const boundary = candidate.startIndex === endIndex || (candidate.startIndex === startIndex && candidate.endIndex === endIndex);
    if (boundary && !isWithin(candidate, node)) continue;
    found.push(candidate);
  }
  return found;
}

/** Whether `inner` is `outer` or one of its descendants (for nodes sharing a boundary offset). */
function isWithin(inner: Node, outer: Node): boolean {
  for (let n: Node | null = inner; n; n = n.parent) {
    if (n.id === outer.id) return true;
    if (n.startIndex < outer.startIndex || n.endIndex > outer.endIndex) return false;
  }
  return false;
}

function allOfTypes(root: Node, types: readonly string[]): Node[] {
  let index = descendantCache.get(root.tree);
  if (!index) descendantCache.set(root.tree, (index = { byType: new Map(), lists: new Map() }));
  const key = types.join(',');
  let found = index.lists.get(key);
  if (found) return found;
  const missing = types.filter((t) => !index.byType.has(t));
  if (missing.length > 0) {
    // One native walk per tree, not one per question: ask for every type rules asked about
    // in earlier files too (rules ask the same questions of every file of a language).
    for (const t of missing) wantedTypes.add(t);
    const fetch = index.byType.size === 0 ? [...wantedTypes] : missing;
    for (const t of fetch) index.byType.set(t, []);
    for (const node of root.descendantsOfType(fetch)) {
      if (node && node.isNamed) index.byType.get(node.type)?.push(node);
    }
  }
  found = types.flatMap((t) => index.byType.get(t) ?? []);
  // Document order; an ancestor before a descendant that starts at the same offset.
  if (types.length > 1) found.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  index.lists.set(key, found);
  return found;
}

/** Every node type any rule has asked for, across files. */
const wantedTypes = new Set<string>();

/** Trees are immutable once parsed: a type's nodes never change, and entries go with their tree. */
const descendantCache = new WeakMap<object, { byType: Map<string, Node[]>; lists: Map<string, Node[]> }>();

/** Pre-order over every node (named or not) of `node`'s subtree; `false` skips the current subtree. */
function visitSubtree(node: Node, visit: (cursor: TreeCursor) => boolean | void): void {
  const cursor = node.walk();
  try {
    let depth = 0;
    for (let steps = 1; ; steps++) {
      if ((steps & 1023) === 0) checkBudget();
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

export function rangeOf(node: Node): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

/**
 * A node's child for a grammar field. Memoised per tree: rules ask for the same fields of
 * the same nodes over and over, and each uncached answer is a WASM call and a new object.
 */
export function field(node: Node | null | undefined, name: string): Node | undefined {
  if (!node) return undefined;
  let perTree = fieldCache.get(node.tree);
  if (!perTree) fieldCache.set(node.tree, (perTree = new Map()));
  let fields = perTree.get(node.id);
  if (!fields) perTree.set(node.id, (fields = new Map()));
  let child = fields.get(name);
  if (child === undefined) {
    // By field id: the library's by-name lookup searches the language's field list every call.
    const id = fieldId(node, name);
    child = id === undefined ? null : node.childForFieldId(id);
    fields.set(name, child);
  }
  return child ?? undefined;
}

/** Per tree, per node id: the fields asked for so far. */
const fieldCache = new WeakMap<object, Map<number, Map<string, Node | null>>>();
const fieldIds = new WeakMap<object, Map<string, number | undefined>>();

function fieldId(node: Node, name: string): number | undefined {
  const language = node.tree.language;
  let ids = fieldIds.get(language);
  if (!ids) fieldIds.set(language, (ids = new Map()));
  if (!ids.has(name)) {
    const id = language.fields.indexOf(name);
    ids.set(name, id < 0 ? undefined : id);
  }
  return ids.get(name);
}

export function named(node: Node | null | undefined): Node[] {
  return (node?.namedChildren ?? []).filter((n): n is Node => n !== null);
}

/** The nearest ancestor of one of the given types. */
export function ancestor(node: Node, types: readonly string[]): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (types.includes(p.type)) return p;
    checkBudget();
  }
  return undefined;
}
