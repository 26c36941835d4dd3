import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../../core/syntax';
import { definitionOf } from './flow';
import { callArgs, stringValue, unwrap } from './modules';

/** A key expression that is, or falls back to, a string written in the source. */
export interface LiteralSecret {
  literal: Node;
  value: string;
  /** What a fix replaces: the literal, or a whole `process.env.X || "…"` fallback. */
  replace: Node;
  /** For fallbacks, the environment read to keep (`process.env.X`). */
  envRead?: Node;
}

/**
 * Follows a key expression to a literal: directly, through `const`/`let` initializers, through
 * `process.env.X || "…"` / `?? "…"` fallbacks, `Buffer.from("…")`, `new TextEncoder().encode("…")`,
 * `createSecretKey(…)` and `String(…)`.
 */
export function literalSecret(expression: Node | undefined, root: Node, depth = 0): LiteralSecret | undefined {
  const node = unwrap(expression);
  if (!node || depth > 6) return undefined;
  const value = stringValue(node);
  if (value !== undefined) return { literal: node, value, replace: node };
  if (node.type === 'identifier') {
    const definition = definitionOf(node.text, node, root);
    return definition ? literalSecret(definition, root, depth + 1) : undefined;
  }
  if (node.type === 'binary_expression') {
    const operator = node.child(1)?.text;
    if (operator !== '||' && operator !== '??') return undefined;
    const left = unwrap(field(node, 'left'));
    const fallback = literalSecret(field(node, 'right'), root, depth + 1);
    if (fallback && left && /^process\.env\b/.test(left.text)) return { ...fallback, replace: node, envRead: left };
    return fallback;
  }
  if (node.type === 'call_expression' || node.type === 'new_expression') {
    const callee = field(node, node.type === 'call_expression' ? 'function' : 'constructor')?.text ?? '';
    if (/(^|\.)(from|encode|createSecretKey|String|toString)$/.test(callee)) {
      const args = node.type === 'call_expression' ? callArgs(node) : named(field(node, 'arguments'));
      return literalSecret(args[0], root, depth + 1);
    }
  }
  return undefined;
}
