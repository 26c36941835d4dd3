import type { Node } from '@vscode/tree-sitter-wasm';
import { memoOf } from '../../../engine/memo';
import { ancestor, descendants, field, walk } from '../../../engine/syntax';
import { FUNCTION_NODE_TYPES, unwrapParens } from './modules';

/**
 * Local data flow: the initializer of the nearest declaration of `name` visible at `use`
 * (same function first, then enclosing functions, then the module), and the last plain
 * assignment to it before `use`. A parameter or destructured binding of that name is a value
 * the file does not show: the search stops there and returns the binding itself.
 */
export function definitionOf(name: string, use: Node, root: Node): Node | undefined {
  const scopes: Node[] = [];
  for (let fn = ancestor(use, FUNCTION_NODE_TYPES); fn; fn = ancestor(fn, FUNCTION_NODE_TYPES)) scopes.push(fn);
  scopes.push(root);
  const { declarators, assignments } = namesIndex(root);
  const within = (n: Node, scope: Node) => n.startIndex >= scope.startIndex && n.endIndex <= scope.endIndex && n.startIndex <= use.startIndex;
  for (const scope of scopes) {
    let best: Node | undefined;
    for (const declarator of declarators.get(name) ?? []) {
      if (!within(declarator, scope)) continue;
      const owner = ancestor(declarator, FUNCTION_NODE_TYPES);
      if (scope.type === 'program' ? owner : owner?.id !== scope.id) continue;
      const target = field(declarator, 'name');
      best = target?.type === 'identifier' ? (field(declarator, 'value') ?? best) : target;
    }
    for (const assignment of assignments.get(name) ?? []) {
      // `x = x + …`: the use on the right reads the value before this assignment.
      if (!within(assignment, scope) || assignment.endIndex > use.startIndex) continue;
      if (!best || assignment.startIndex > best.startIndex) best = field(assignment, 'right') ?? best;
    }
    if (best) return best;
    const parameter = scope.type === 'program' ? undefined : parameterNamed(scope, name);
    if (parameter) return parameter;
  }
  return undefined;
}

interface NamesIndex {
  /** Declarators by the names they bind (destructuring patterns under each bound name). */
  declarators: Map<string, Node[]>;
  /** Plain assignments by their left-hand side's text. */
  assignments: Map<string, Node[]>;
}

const NAMES = Symbol('ts names index');

/** One pass over a file's declarations, so each name lookup reads only its own candidates. */
function namesIndex(root: Node): NamesIndex {
  return memoOf(root.tree)(NAMES, () => indexNames(root));
}

function indexNames(root: Node): NamesIndex {
  const index: NamesIndex = { declarators: new Map(), assignments: new Map() };
  const add = (map: Map<string, Node[]>, key: string, node: Node) => {
    const list = map.get(key);
    if (list) list.push(node);
    else map.set(key, [node]);
  };
  for (const declarator of descendants(root, 'variable_declarator')) {
    const target = field(declarator, 'name');
    if (target?.type === 'identifier') add(index.declarators, target.text, declarator);
    else if (target) for (const name of new Set(bindings(target).map((b) => b.text))) add(index.declarators, name, declarator);
  }
  for (const assignment of descendants(root, 'assignment_expression')) {
    const left = field(assignment, 'left');
    if (left) add(index.assignments, left.text, assignment);
  }
  return index;
}

/** The parameter of a function called `name` (destructured ones included), if any. */
export function parameterNamed(fn: Node, name: string): Node | undefined {
  const parameters = field(fn, 'parameters') ?? field(fn, 'parameter');
  return parameters ? bindings(parameters).find((b) => b.text === name) : undefined;
}

/** Names a pattern binds: identifiers outside types and default values. */
function bindings(pattern: Node): Node[] {
  const found: Node[] = [];
  walk(pattern, (n) => {
    if (n.type === 'type_annotation' || n.type === 'accessibility_modifier') return false;
    if (n.type === 'identifier' || n.type === 'shorthand_property_identifier_pattern') found.push(n);
    if (n.type === 'assignment_pattern' || n.type === 'pair_pattern' || n.type === 'required_parameter' || n.type === 'optional_parameter') {
      // Only the bound side: `{ key: local = dflt }`, `local = dflt`, `p: T = dflt`.
      const bound = field(n, n.type === 'pair_pattern' ? 'value' : n.type === 'assignment_pattern' ? 'left' : 'pattern');
      if (bound) found.push(...bindings(bound));
      return false;
    }
    return true;
  });
  return found;
}

/** Whether an identifier names a module-level `const` (a value fixed at load time). */
export function isModuleConstant(identifier: Node, root: Node): boolean {
  return descendants(root, 'lexical_declaration').some(
    (decl) =>
      !ancestor(decl, FUNCTION_NODE_TYPES) &&
      decl.child(0)?.text === 'const' &&
      descendants(decl, 'variable_declarator').some((d) => field(d, 'name')?.text === identifier.text),
  );
}

/** Follows identifiers to their initializers (bounded). */
export function resolve(node: Node | undefined, root: Node, depth = 0): Node | undefined {
  const n = unwrapParens(node);
  if (!n || depth > 6 || n.type !== 'identifier') return n;
  const definition = definitionOf(n.text, n, root);
  return definition ? resolve(definition, root, depth + 1) : n;
}
