import type { Node } from '@vscode/tree-sitter-wasm';
import { memoOf } from '../../../engine/memo';
import { importedModules, importMatches, stringValue } from '../../../engine/scope';
import { descendants, field, named } from '../../../engine/syntax';

/**
 * Node types that are functions, and so open a scope: declarations, expressions, arrows, methods
 * and generators. (This grammar names a function expression `function_expression`.)
 */
export const FUNCTION_NODE_TYPES: readonly string[] = [
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
];

/** How a module is bound in a file: whole-module names and named imports (local → exported). */
export interface ModuleBindings {
  namespaces: Set<string>;
  named: Map<string, string>;
}

// The engine reads import sources with the same judgement, so the one definition lives there.
export { stringValue };

/**
 * `import x from 'm'`, `import * as x`, `import { a as b }`, `import x = require('m')`,
 * `const x = require('m')` / `await import('m')`, `const { a: b } = require('m')`, and
 * functions taken from them: `const s = x.sign`, `const s = promisify(x.sign)`.
 */
export function moduleBindings(root: Node, modules: readonly string[]): ModuleBindings {
  // Several rules ask about the same modules of the same file: answer each once per analysis.
  const byModules = memoOf(root.tree)(BINDINGS, () => new Map<string, ModuleBindings>());
  const key = modules.join('\u0000');
  let bindings = byModules.get(key);
  if (!bindings) {
    bindings = findModuleBindings(root, modules);
    byModules.set(key, bindings);
  }
  return bindings;
}

const BINDINGS = Symbol('module bindings by modules');

function findModuleBindings(root: Node, modules: readonly string[]): ModuleBindings {
  const bindings: ModuleBindings = { namespaces: new Set(), named: new Map() };
  for (const statement of descendants(root, 'import_statement')) {
    const requireClause = named(statement).find((n) => n.type === 'import_require_clause');
    if (requireClause) {
      const local = named(requireClause).find((n) => n.type === 'identifier');
      if (local && modules.includes(stringValue(field(requireClause, 'source')) ?? '')) bindings.namespaces.add(local.text);
      continue;
    }
    if (!modules.includes(stringValue(field(statement, 'source')) ?? '')) continue;
    const clause = named(statement).find((n) => n.type === 'import_clause');
    for (const part of named(clause)) {
      if (part.type === 'identifier') bindings.namespaces.add(part.text);
      else if (part.type === 'namespace_import') named(part).forEach((n) => bindings.namespaces.add(n.text));
      else if (part.type === 'named_imports') {
        for (const spec of named(part)) {
          const name = field(spec, 'name')?.text;
          if (name === 'default') bindings.namespaces.add(field(spec, 'alias')?.text ?? name);
          else if (name) bindings.named.set(field(spec, 'alias')?.text ?? name, name);
        }
      }
    }
  }
  const declarators = descendants(root, 'variable_declarator');
  for (const declarator of declarators) {
    let value = unwrapParens(field(declarator, 'value'));
    if (value?.type === 'await_expression') value = unwrapParens(named(value)[0]);
    const loader = value?.type === 'call_expression' ? field(value, 'function') : undefined;
    if (!value || (loader?.text !== 'require' && loader?.type !== 'import')) continue;
    if (!modules.includes(stringValue(named(field(value, 'arguments'))[0]) ?? '')) continue;
    const target = field(declarator, 'name');
    if (target?.type === 'identifier') bindings.namespaces.add(target.text);
    else if (target?.type === 'object_pattern') {
      for (const prop of named(target)) {
        if (prop.type === 'shorthand_property_identifier_pattern') bindings.named.set(prop.text, prop.text);
        else if (prop.type === 'pair_pattern') {
          const key = field(prop, 'key')?.text;
          const local = field(prop, 'value')?.text;
          if (key && local) bindings.named.set(local, key);
        }
      }
    }
  }
  for (const declarator of declarators) {
    const target = field(declarator, 'name');
    const value = unwrapParens(field(declarator, 'value'));
    if (target?.type !== 'identifier' || !value) continue;
    const taken = exportedFunction(value, bindings) ?? (isPromisify(value) ? exportedFunction(named(field(value, 'arguments'))[0], bindings) : undefined);
    if (taken) bindings.named.set(target.text, taken);
  }
  return bindings;
}

/** `x.sign` (x a namespace binding) or `sign` (a named binding): the export it refers to. */
function exportedFunction(node: Node | undefined, bindings: ModuleBindings): string | undefined {
  const n = unwrapParens(node);
  if (n?.type === 'identifier') return bindings.named.get(n.text);
  if (n?.type !== 'member_expression') return undefined;
  const object = unwrapParens(field(n, 'object'));
  return object?.type === 'identifier' && bindings.namespaces.has(object.text) ? field(n, 'property')?.text : undefined;
}

/** `promisify(f)` / `util.promisify(f)`: the same function, returning a promise. */
function isPromisify(node: Node): boolean {
  if (node.type !== 'call_expression') return false;
  const fn = unwrapParens(field(node, 'function'));
  const name = fn?.type === 'member_expression' ? field(fn, 'property')?.text : fn?.text;
  return name === 'promisify';
}

/** The exported function a call invokes through these bindings (`jwt.sign(…)`, `sign(…)`), if any. */
export function calledExport(call: Node, bindings: ModuleBindings): string | undefined {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type === 'identifier') return bindings.named.get(fn.text);
  if (fn?.type === 'member_expression') {
    const object = unwrapParens(field(fn, 'object'));
    if (object?.type === 'identifier' && bindings.namespaces.has(object.text)) return field(fn, 'property')?.text;
  }
  return undefined;
}

/** A call's arguments (comments between them are named nodes too, and skipped). */
export function callArguments(call: Node): Node[] {
  // Memoised per analysis: most rules ask for the arguments of the same calls.
  const perTree = memoOf(call.tree)(ARGS, () => new Map<number, Node[]>());
  let args = perTree.get(call.id);
  if (!args) perTree.set(call.id, (args = named(field(call, 'arguments')).filter((n) => n.type !== 'comment')));
  return args;
}

const ARGS = Symbol('call arguments by call id');

/** Strips parentheses, and `as`/`satisfies` casts, `<T>x` and `x!`: none changes the value (Go's `unwrapParens` strips parentheses). */
export function unwrapParens(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && ['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion'].includes(n.type)) {
    n = n.type === 'type_assertion' ? named(n)[1] : named(n)[0];
  }
  return n;
}

export function importsAny(root: Node, modules: readonly string[]): boolean {
  // The engine reads a file's imports once per analysis (rule scopes ask too).
  return importedModules(root, 'typescript').some((s) => modules.some((m) => importMatches(m, s)));
}
