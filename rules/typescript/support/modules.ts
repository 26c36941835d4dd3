import type { Node } from '@vscode/tree-sitter-wasm';
import { descendants, field, named } from '../../core/syntax';

/** How a module is bound in a file: whole-module names and named imports (local → exported). */
export interface ModuleBindings {
  namespaces: Set<string>;
  named: Map<string, string>;
}

/** The string value of a string literal or a template literal without substitutions. */
export function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return named(node).map((n) => n.text).join('') || node.text.slice(1, -1);
  if (node.type === 'template_string' && !named(node).some((n) => n.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

/** `import x from 'm'`, `import * as x`, `import { a as b }`, `const x = require('m')`, `const { a: b } = require('m')`. */
export function moduleBindings(root: Node, modules: readonly string[]): ModuleBindings {
  const bindings: ModuleBindings = { namespaces: new Set(), named: new Map() };
  for (const statement of descendants(root, 'import_statement')) {
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
  for (const declarator of descendants(root, 'variable_declarator')) {
    const value = unwrap(field(declarator, 'value'));
    if (value?.type !== 'call_expression' || field(value, 'function')?.text !== 'require') continue;
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
  return bindings;
}

/** The exported function a call invokes through these bindings (`jwt.sign(…)`, `sign(…)`), if any. */
export function calledExport(call: Node, bindings: ModuleBindings): string | undefined {
  const fn = unwrap(field(call, 'function'));
  if (fn?.type === 'identifier') return bindings.named.get(fn.text);
  if (fn?.type === 'member_expression') {
    const object = unwrap(field(fn, 'object'));
    if (object?.type === 'identifier' && bindings.namespaces.has(object.text)) return field(fn, 'property')?.text;
  }
  return undefined;
}

export function callArgs(call: Node): Node[] {
  return named(field(call, 'arguments'));
}

/** Strips parentheses, `as`/`satisfies` casts, `<T>x` and `x!`: none changes the value. */
export function unwrap(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && ['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion'].includes(n.type)) {
    n = n.type === 'type_assertion' ? named(n)[1] : named(n)[0];
  }
  return n;
}

export function importsAny(root: Node, modules: readonly string[]): boolean {
  const sources = [
    ...descendants(root, 'import_statement').map((s) => stringValue(field(s, 'source'))),
    ...descendants(root, 'call_expression')
      .filter((c) => field(c, 'function')?.text === 'require')
      .map((c) => stringValue(named(field(c, 'arguments'))[0])),
  ];
  return sources.some((s) => s !== undefined && modules.some((m) => s === m || s.startsWith(`${m}/`)));
}
