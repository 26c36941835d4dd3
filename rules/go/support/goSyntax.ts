import type { Node } from '@vscode/tree-sitter-wasm';
import { memoOf } from '../../../engine/memo';
import { ancestor, descendants, field, named } from '../../../engine/syntax';

/** Node types that are Go functions, and so open a scope (same name as the TS list). */
export const FUNCTION_NODE_TYPES: readonly string[] = ['function_declaration', 'method_declaration', 'func_literal'];

/** Strips a node of wrapping parentheses (TS's `unwrapParens` strips value-preserving casts too). */
export function unwrapParens(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && n.type === 'parenthesized_expression') n = named(n)[0];
  return n;
}

/** Local package name → import path, from the file's import declarations (aliases included). */
export function goImports(root: Node): Map<string, string> {
  const imports = new Map<string, string>();
  for (const spec of descendants(root, 'import_spec')) {
    const pathNode = field(spec, 'path');
    if (!pathNode) continue;
    const importPath = goStringValue(pathNode) ?? '';
    const alias = field(spec, 'name')?.text;
    if (alias === '_' || alias === '.') continue;
    imports.set(alias ?? defaultPackageName(importPath), importPath);
  }
  return imports;
}

/** `github.com/golang-jwt/jwt/v5` → `jwt`; `github.com/dgrijalva/jwt-go` → `jwt`. */
export function defaultPackageName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1] ?? '';
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last
    .replace(/^go-/, '')
    .replace(/-go$/, '')
    .replace(/[^A-Za-z0-9_]/g, '');
}

/** The string value of an interpreted ("…") or raw (`…`) Go string literal. */
export function goStringValue(node: Node): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  try {
    return JSON.parse(node.text) as string;
  } catch {
    return node.text.slice(1, -1);
  }
}

export function isStringLiteral(node: Node | undefined): boolean {
  return node?.type === 'interpreted_string_literal' || node?.type === 'raw_string_literal';
}

/** `pkg.Name` as [pkg, Name] for selector expressions and qualified types. */
export function qualified(node: Node | undefined): [string, string] | undefined {
  const n = unwrapParens(node);
  if (n?.type === 'selector_expression') {
    const operand = field(n, 'operand');
    const name = field(n, 'field');
    if (operand?.type === 'identifier' && name) return [operand.text, name.text];
  }
  if (n?.type === 'qualified_type') {
    const pkg = field(n, 'package');
    const name = field(n, 'name');
    if (pkg && name) return [pkg.text, name.text];
  }
  return undefined;
}

/** A call's arguments (comments between them are named nodes too, and skipped). */
export function callArguments(call: Node): Node[] {
  return named(field(call, 'arguments')).filter((n) => n.type !== 'comment');
}

/**
 * Local data flow: the expression last assigned to `name` before `use` (`x := …`, `var x = …`,
 * `x = …`) in the enclosing function, then in the functions around it (closures read their
 * parent's variables), else in a package-level `var`/`const` of the file. A parameter of
 * that name shadows everything outside its function: undefined.
 */
export function definitionOf(name: string, use: Node, root: Node): Node | undefined {
  const candidates = assignmentsTo(root).get(name) ?? [];
  for (let fn = ancestor(use, FUNCTION_NODE_TYPES); fn; fn = ancestor(fn, FUNCTION_NODE_TYPES)) {
    let best: Node | undefined;
    // The last assignment before the use wins: search the name's own candidates backwards.
    for (let i = candidates.length - 1; i >= 0 && !best; i--) {
      const assignment = candidates[i];
      if (assignment.startIndex >= use.startIndex || assignment.startIndex < fn.startIndex || assignment.endIndex > fn.endIndex) continue;
      best = valueFor(assignment, name);
    }
    if (best) return best;
    if (parameterNamed(fn, name)) return undefined;
  }
  for (const spec of candidates) {
    if (spec.type !== 'var_spec' && spec.type !== 'const_spec') continue;
    const value = valueFor(spec, name);
    if (value && !ancestor(spec, FUNCTION_NODE_TYPES)) return value;
  }
  return undefined;
}

const ASSIGNMENTS = Symbol('go assignments by name');

/**
 * Declarations and plain (`=`) assignments by the names they assign, in document order: one
 * pass per file, so each lookup reads only its own candidates.
 */
function assignmentsTo(root: Node): Map<string, Node[]> {
  return memoOf(root.tree)(ASSIGNMENTS, () => indexAssignments(root));
}

function indexAssignments(root: Node): Map<string, Node[]> {
  const index = new Map<string, Node[]>();
  for (const node of descendants(root, ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec'])) {
    if (node.type === 'assignment_statement' && node.child(1)?.text !== '=') continue;
    const targets = node.type === 'var_spec' || node.type === 'const_spec' ? node.childrenForFieldName('name') : named(field(node, 'left'));
    for (const target of new Set(targets.filter((t): t is Node => t !== null).map((t) => t.text))) {
      const list = index.get(target);
      if (list) list.push(node);
      else index.set(target, [node]);
    }
  }
  return index;
}

/** The parameter, receiver or named result called `name` of a function enclosing `use`, innermost first. */
export function enclosingParameter(use: Node, name: string): Node | undefined {
  for (let fn = ancestor(use, FUNCTION_NODE_TYPES); fn; fn = ancestor(fn, FUNCTION_NODE_TYPES)) {
    const declaration = parameterNamed(fn, name);
    if (declaration) return declaration;
  }
  return undefined;
}

/** The parameter, receiver or named result of `fn` itself called `name` (as TS's `parameterNamed(fn, name)`). */
export function parameterNamed(fn: Node, name: string): Node | undefined {
  for (const list of [field(fn, 'receiver'), field(fn, 'parameters'), field(fn, 'result')]) {
    for (const decl of named(list)) {
      if (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration') continue;
      if (decl.childrenForFieldName('name').some((n) => n?.text === name)) return decl;
    }
  }
  return undefined;
}

/** The leading whitespace of the line holding `offset` (Go code is indented with tabs). */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = start;
  while (end < text.length && (text[end] === '\t' || text[end] === ' ')) end++;
  return text.slice(start, end);
}

/** In `a, b := x, y` (or var/const specs), the value paired with `name`. */
function valueFor(node: Node, name: string): Node | undefined {
  if (node.type === 'var_spec' || node.type === 'const_spec') {
    const names = node.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const index = names.findIndex((n) => n.text === name);
    if (index < 0) return undefined;
    return named(field(node, 'value'))[index];
  }
  const left = named(field(node, 'left'));
  const index = left.findIndex((n) => n.text === name);
  if (index < 0) return undefined;
  const right = named(field(node, 'right'));
  return right.length === left.length ? right[index] : right.length === 1 ? right[0] : undefined;
}

/** Follows identifiers through local and package-level assignments (bounded, so cycles end). */
export function resolveValue(node: Node | undefined, root: Node, depth = 0): Node | undefined {
  const n = unwrapParens(node);
  if (!n || depth > 6 || n.type !== 'identifier') return n;
  const definition = definitionOf(n.text, n, root);
  return definition ? resolveValue(definition, root, depth + 1) : n;
}
