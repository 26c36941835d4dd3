import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, named } from '../../../engine/syntax';
import { definitionOf, FUNCTION_NODE_TYPES, qualified, resolveValue, unwrapParens } from './goSyntax';
import { keyedElements } from './literals';

/**
 * What a claims value says about expiry, as far as the file shows it:
 * `set` (an exp/ExpiresAt is written), `missing` (a literal that could carry one does not),
 * or `unknown` (built elsewhere, or handed to code that may set it).
 */
export type Expiry = { state: 'set' | 'unknown' } | { state: 'missing'; literal: Node; kind: ClaimsKind; embedded?: { name: string; literal?: Node } };

export type ClaimsKind = 'map' | 'registered' | 'standard' | 'custom';

export function claimsExpiry(expression: Node | undefined, root: Node, packages: Set<string>): Expiry {
  const node = unwrapParens(expression);
  const value = unwrapParens(resolveValue(node, root));
  const literal = value?.type === 'unary_expression' ? unwrapParens(field(value, 'operand')) : value;
  if (literal?.type !== 'composite_literal') return { state: 'unknown' };
  const kind = claimsKind(field(literal, 'type'), root, packages);
  if (!kind) return { state: 'unknown' };
  const own = literalExpiry(literal, kind, root, packages);
  if (own.state !== 'missing') return own;
  // `claims := …` then `claims["exp"] = …` / `claims.ExpiresAt = …` / a call that may set it.
  const name = variableHolding(node, value, root);
  if (name && laterWrites(name, value!, node!)) return { state: 'unknown' };
  return own;
}

function claimsKind(type: Node | undefined, root: Node, packages: Set<string>): ClaimsKind | undefined {
  const q = qualified(type);
  if (q && packages.has(q[0])) {
    if (q[1] === 'MapClaims') return 'map';
    if (q[1] === 'RegisteredClaims') return 'registered';
    if (q[1] === 'StandardClaims') return 'standard';
    return undefined;
  }
  if (type?.type === 'type_identifier' && structOf(type.text, root)) return 'custom';
  if (type?.type === 'map_type') return 'map';
  return undefined;
}

function structOf(name: string, root: Node): Node | undefined {
  const spec = descendants(root, 'type_spec').find((s) => field(s, 'name')?.text === name);
  const type = field(spec, 'type');
  return type?.type === 'struct_type' ? type : undefined;
}

/** The embedded jwt claims of a struct (`jwt.RegisteredClaims`, `*jwt.StandardClaims`) and its own `json:"exp"` field. */
function structClaims(name: string, root: Node, packages: Set<string>): { embedded?: { name: string; kind: 'registered' | 'standard' }; expField?: string } {
  const struct = structOf(name, root);
  const result: { embedded?: { name: string; kind: 'registered' | 'standard' }; expField?: string } = {};
  for (const decl of descendants(struct ?? root, 'field_declaration')) {
    if (!struct) break;
    const names = decl.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const type = field(decl, 'type');
    const bare = type?.type === 'pointer_type' ? named(type)[0] : type;
    const q = qualified(bare);
    if (names.length === 0 && q && packages.has(q[0]) && (q[1] === 'RegisteredClaims' || q[1] === 'StandardClaims')) {
      result.embedded = { name: q[1], kind: q[1] === 'RegisteredClaims' ? 'registered' : 'standard' };
    }
    const tag = field(decl, 'tag')?.text ?? '';
    if (names.length === 1 && /json:\\?"exp[,\\"]/.test(tag)) result.expField = names[0].text;
  }
  return result;
}

function literalExpiry(literal: Node, kind: ClaimsKind, root: Node, packages: Set<string>): Expiry {
  const elements = keyedElements(literal);
  const positional = named(field(literal, 'body')).filter((n) => n.type === 'literal_element');
  if (kind === 'map') return elements.some((e) => e.keyText === 'exp') || positional.length > 0 ? { state: 'set' } : { state: 'missing', literal, kind };
  if (kind === 'registered' || kind === 'standard')
    return elements.some((e) => e.keyText === 'ExpiresAt') || positional.length > 0 ? { state: 'set' } : { state: 'missing', literal, kind };
  const info = structClaims(field(literal, 'type')?.text ?? '', root, packages);
  if (!info.embedded && !info.expField) return { state: 'unknown' };
  if (info.expField && elements.some((e) => e.keyText === info.expField)) return { state: 'set' };
  // Promoted-field keys (`ExpiresAt:` on the outer struct), as newer Go code writes them.
  if (info.embedded && elements.some((e) => e.keyText === 'ExpiresAt')) return { state: 'set' };
  if (info.embedded) {
    const embeddedName = info.embedded.name;
    const inner =
      elements.find((e) => e.keyText === embeddedName)?.value ??
      // Positional: `Claims{name, jwt.StandardClaims{…}}`.
      positional.map((p) => named(p)[0]).find((v) => v && qualified(field(unwrapParens(v), 'type'))?.[1] === embeddedName);
    if (inner) {
      const nested = claimsExpiry(inner, root, packages);
      if (nested.state !== 'missing') return nested;
      return { state: 'missing', literal, kind: 'custom', embedded: { name: embeddedName, literal: nested.literal } };
    }
    if (positional.length > 0) return { state: 'unknown' };
    return { state: 'missing', literal, kind: 'custom', embedded: { name: embeddedName } };
  }
  return { state: 'missing', literal, kind: 'custom' };
}

/** The variable name that held the literal when the claims reached the signer through one. */
function variableHolding(use: Node | undefined, value: Node | undefined, root: Node): string | undefined {
  if (use?.type === 'unary_expression') return variableHolding(unwrapParens(field(use, 'operand')), value, root);
  return use?.type === 'identifier' && definitionOf(use.text, use, root) !== undefined ? use.text : undefined;
}

/** Between the literal and the signing: `v["exp"] = …`, `v.ExpiresAt = …`, `v.X.ExpiresAt = …`, a method call on v, or v (or &v) passed to a call. */
function laterWrites(name: string, literal: Node, use: Node): boolean {
  const scope = ancestor(literal, FUNCTION_NODE_TYPES) ?? ancestor(use, FUNCTION_NODE_TYPES);
  if (!scope) return false;
  const inRange = (n: Node) => n.startIndex > literal.endIndex && n.startIndex < use.startIndex;
  for (const assignment of descendants(scope, 'assignment_statement')) {
    if (!inRange(assignment)) continue;
    for (const target of named(field(assignment, 'left'))) {
      const t = target.text.replace(/\s/g, '');
      if (t.startsWith(`${name}[`) || t.startsWith(`${name}.`)) return true;
    }
  }
  for (const call of descendants(scope, 'call_expression')) {
    // The call that receives the claims (NewWithClaims) is not a write.
    if (!inRange(call) || (call.startIndex <= use.startIndex && call.endIndex >= use.endIndex)) continue;
    const fn = field(call, 'function');
    if (fn?.type === 'selector_expression' && unwrapParens(field(fn, 'operand'))?.text === name) return true;
    if (
      named(field(call, 'arguments')).some((a) => {
        const t = a.text.replace(/^&/, '');
        return t === name || t.startsWith(`${name}.`);
      })
    )
      return true;
  }
  return false;
}
