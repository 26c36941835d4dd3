import type { Node } from '@vscode/tree-sitter-wasm';
import { callArguments, definitionOf, goStringValue, isStringLiteral, qualified, unwrapParens } from './goSyntax';
import { ancestor, descendants, field, named } from '../../../engine/syntax';

/** Where a key expression comes from when it is written in the source. */
export interface LiteralKey {
  /** The string literal holding the key. */
  literal: Node;
  value: string;
  /** The expression to replace in a fix: `[]byte("…")` or the bare literal. */
  replace: Node;
  /** True when the literal sits in a `const` (a fix cannot call os.Getenv there). */
  inConst: boolean;
}

/**
 * Follows a key expression back to a string literal: directly, through `[]byte("…")`,
 * through local or package-level variables and constants of the same file.
 */
export function literalKey(expression: Node | undefined, root: Node, depth = 0): LiteralKey | undefined {
  const node = unwrapParens(expression);
  if (!node || depth > 6) return undefined;
  if (isStringLiteral(node)) return { literal: node, value: goStringValue(node) ?? '', replace: node, inConst: ancestor(node, ['const_spec']) !== undefined };
  if (node.type === 'type_conversion_expression' || node.type === 'call_expression') {
    // []byte("…") parses as a type conversion; []byte(key) may parse as a call.
    const type = field(node, 'type') ?? field(node, 'function');
    const operand = field(node, 'operand') ?? callArguments(node)[0];
    if (type?.text.replace(/\s/g, '') === '[]byte' && operand) {
      const inner = literalKey(operand, root, depth + 1);
      if (inner && isStringLiteral(unwrapParens(operand))) return { ...inner, replace: node };
      return inner;
    }
    return undefined;
  }
  if (node.type === 'identifier') {
    const definition = definitionOf(node.text, node, root);
    return definition ? literalKey(definition, root, depth + 1) : undefined;
  }
  return undefined;
}

/** The key expressions a key function returns (`return key, nil`), for func literals and same-file functions. */
export function keyFuncReturns(keyFunc: Node | undefined, root: Node): Node[] {
  const fn = unwrapParens(keyFunc);
  if (!fn) return [];
  let body: Node | undefined;
  if (fn.type === 'func_literal') body = field(fn, 'body');
  else if (fn.type === 'identifier') {
    const decl = descendants(root, 'function_declaration').find((d) => field(d, 'name')?.text === fn.text);
    body = field(decl, 'body');
  }
  if (!body) return [];
  return (
    descendants(body, 'return_statement')
      // Only the key function's own returns, not those of closures nested in it.
      .filter((r) => {
        const owner = ancestor(r, ['func_literal', 'function_declaration']);
        return fn.type === 'func_literal' ? owner?.id === fn.id : owner?.type === 'function_declaration';
      })
      .map((r) => named(named(r)[0])[0] ?? named(r)[0])
      .filter((n): n is Node => n !== undefined && n.text !== 'nil')
  );
}

/** The key-function argument of `jwt.Parse(s, kf)`, `jwt.ParseWithClaims(s, c, kf)` and `parser.Parse*`. */
export function keyFuncArgument(call: Node, packages: Set<string>): Node | undefined {
  const fn = field(call, 'function');
  const method = fn?.type === 'selector_expression' ? field(fn, 'field')?.text : undefined;
  if (method !== 'Parse' && method !== 'ParseWithClaims') return undefined;
  const q = qualified(fn);
  const viaPackage = q !== undefined && packages.has(q[0]);
  const args = callArguments(call);
  // Receivers other than the package (parsers) are accepted only in files importing a JWT library.
  if (!viaPackage && packages.size === 0) return undefined;
  return args[method === 'Parse' ? 1 : 2];
}
