import type { Node } from '@vscode/tree-sitter-wasm';
import { field } from '../../../engine/syntax';
import { definitionOf } from './flow';
import { callArguments, stringValue, unwrapParens } from './modules';

/** A key expression that is, or falls back to, a string written in the source. */
export interface LiteralSecret {
  literal: Node;
  value: string;
  /** What a fix replaces: the literal, or a whole `process.env.X || "…"` fallback. */
  replace: Node;
  /** For fallbacks, the expression the literal backs up (`process.env.X`, `config.get('X')`): a fix keeps it. */
  primary?: Node;
}

/**
 * Follows a key expression to a literal: directly, through `const`/`let` initializers, through
 * `process.env.X || "…"` / `?? "…"` fallbacks, `Buffer.from("…")`, `new TextEncoder().encode("…")`,
 * `createSecretKey(…)` and `String(…)`. A PEM public key or certificate is not a secret.
 */
export function literalSecret(expression: Node | undefined, root: Node, depth = 0): LiteralSecret | undefined {
  const node = unwrapParens(expression);
  if (!node || depth > 6) return undefined;
  const value = stringValue(node);
  if (value !== undefined) return isPublicPem(value) ? undefined : { literal: node, value, replace: node };
  if (node.type === 'identifier') {
    const definition = definitionOf(node.text, node, root);
    return definition ? literalSecret(definition, root, depth + 1) : undefined;
  }
  if (node.type === 'binary_expression') {
    const operator = node.child(1)?.text;
    if (operator !== '||' && operator !== '??') return undefined;
    // `a || "lit"`: only the right side can be the literal a fix should drop.
    const left = field(node, 'left');
    const fallback = literalSecret(field(node, 'right'), root, depth + 1);
    const inline =
      fallback !== undefined &&
      fallback.replace.startIndex === fallback.literal.startIndex &&
      fallback.literal.startIndex >= node.startIndex &&
      fallback.literal.endIndex <= node.endIndex;
    return inline && left && stringValue(unwrapParens(left)) === undefined ? { ...fallback, replace: node, primary: left } : fallback;
  }
  const wrapped = keyWrapperArgument(node);
  return wrapped && literalSecret(wrapped, root, depth + 1);
}

/**
 * The argument a key-building call passes through unchanged in substance: `Buffer.from(x)`,
 * `new TextEncoder().encode(x)`, `createSecretKey(x)` / `crypto.createSecretKey(x)`, `String(x)`.
 */
function keyWrapperArgument(node: Node): Node | undefined {
  if (node.type !== 'call_expression') return undefined;
  const callee = unwrapParens(field(node, 'function'));
  const first = callArguments(node)[0];
  if (callee?.type === 'identifier') return ['String', 'createSecretKey'].includes(callee.text) ? first : undefined;
  if (callee?.type !== 'member_expression') return undefined;
  const method = field(callee, 'property')?.text;
  const object = unwrapParens(field(callee, 'object'));
  if (method === 'from' && object?.text === 'Buffer') return first;
  if (method === 'createSecretKey') return first;
  if (method === 'encode' && object?.type === 'new_expression' && field(object, 'constructor')?.text === 'TextEncoder') return first;
  // A shared encoder: `const encoder = new TextEncoder(); encoder.encode("…")`.
  if (method === 'encode' && object?.type === 'identifier') {
    const definition = unwrapParens(definitionOf(object.text, object, rootOf(node)));
    if (definition?.type === 'new_expression' && field(definition, 'constructor')?.text === 'TextEncoder') return first;
  }
  return undefined;
}

/** The tree's root; climbing `.parent` is quadratic in depth (tree-sitter finds each parent from the root). */
function rootOf(node: Node): Node {
  return node.tree.rootNode;
}

/** Public keys and certificates verify signatures and are meant to be published. */
function isPublicPem(value: string): boolean {
  return /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(value);
}
