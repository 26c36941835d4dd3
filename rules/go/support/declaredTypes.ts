import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, named } from '../../../engine/syntax';
import { enclosingParameter, FUNCTION_NODE_TYPES } from './goSyntax';

/**
 * Declared types, for values whose type is written rather than inferred: without a type
 * checker these are what tell a `*jwt.Parser` parameter or struct field from anything else.
 */

/** The written type of an identifier: a parameter or receiver, a `var x T` in the function, else at package level. */
export function declaredTypeOf(identifier: Node, root: Node): Node | undefined {
  const parameter = enclosingParameter(identifier, identifier.text);
  const fn = ancestor(identifier, FUNCTION_NODE_TYPES);
  const specs = descendants(fn ?? root, 'var_spec').filter((s) => s.startIndex < identifier.startIndex && declares(s, identifier.text));
  const local = specs[specs.length - 1];
  // The nearer declaration wins: a local var inside the function shadows a parameter of an outer one.
  if (local && (!parameter || local.startIndex > parameter.startIndex)) return field(local, 'type');
  if (parameter) return field(parameter, 'type');
  const global = descendants(root, 'var_spec').find((s) => !ancestor(s, FUNCTION_NODE_TYPES) && declares(s, identifier.text));
  return field(global, 'type');
}

/** The type of a struct field called `name`, from any struct declared in the file. */
export function structFieldType(name: string, root: Node): Node | undefined {
  const decl = descendants(root, 'field_declaration').find((d) => d.childrenForFieldName('name').some((n) => n?.text === name));
  return field(decl, 'type');
}

/** The single result type of a function declared in the file (`func newParser() *jwt.Parser`). */
export function functionResultType(name: string, root: Node): Node | undefined {
  const fn = named(root).find((n) => n.type === 'function_declaration' && field(n, 'name')?.text === name);
  return field(fn, 'result');
}

/** `*T` → `T`. */
export function pointee(type: Node | undefined): Node | undefined {
  return type?.type === 'pointer_type' ? named(type)[0] : type;
}

function declares(spec: Node, name: string): boolean {
  return spec.childrenForFieldName('name').some((n) => n?.text === name);
}
