import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { ancestor, descendants, field, rangeOf } from '../../engine/syntax';
import type { Fix, SyntaxTreeFile } from '../../engine/types';
import { callArguments, calledExport, FUNCTION_NODE_TYPES, moduleBindings, unwrapParens } from './support/modules';
import { nestJwtServices, serviceName } from './support/jwtKeys';

export default defineTreeRule(
  {
    id: 'ts/jwt-decode-unverified',
    title: 'Decoded JWT trusted without verification',
    description: 'A JWT payload decoded without verifying its signature and then trusted, so anyone can forge what it says.',
    messages: {
      idTokenDecoded:
        "The payload of an unverified id_token is {{use}}: fine only when it came straight from the provider's token endpoint over TLS; verify it otherwise",
      decoded: 'The payload of an unverified token is {{use}}; anyone can forge it. Verify the signature instead',
    },
    severity: 'error',
    cwe: [347, 345],
    stride: ['Spoofing', 'Tampering'],
    threat: { ids: ['BS-23'], summary: 'Token signatures are not verified, so users forge their own tokens' },
    remediation:
      "Verify instead of decoding: `jwt.verify(token, secret, { algorithms: ['HS256'] })` (jose: `await jwtVerify(token, key, { algorithms })`), and use only the verified payload.",
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const jsonwebtoken = moduleBindings(root, ['jsonwebtoken']);
    const jose = moduleBindings(root, ['jose']);
    const nestJwt = moduleBindings(root, ['@nestjs/jwt']);
    if ([jsonwebtoken, jose, nestJwt].every((b) => b.namespaces.size === 0 && b.named.size === 0)) return;
    const jwtServices = nestJwtServices(root, nestJwt);
    for (const call of descendants(root, 'call_expression')) {
      const fromJwt = calledExport(call, jsonwebtoken) === 'decode';
      const fromJose = calledExport(call, jose) === 'decodeJwt';
      const fromNest = !fromJwt && !fromJose && jwtServices.size > 0 ? nestDecode(call, jwtServices) : undefined;
      if (!fromJwt && !fromJose && !fromNest) continue;
      const options = callArguments(call)[1];
      if (options && /complete\s*:\s*true/.test(options.text)) continue; // reads the header, e.g. to pick a key
      const use = trustedUse(call);
      if (!use) continue;
      // OIDC lets a client read an id_token it received from the token endpoint over TLS without verifying it.
      const idToken = /id_?token/i.test(callArguments(call)[0]?.text ?? '');
      report({
        range: rangeOf(field(call, 'function') ?? call),
        severity: idToken ? 'note' : undefined,
        messageId: idToken ? 'idTokenDecoded' : 'decoded',
        data: { use },
        // An id_token is verified with the provider's keys (JWKS), not a shared secret: no one-line fix.
        fix: idToken ? undefined : fromJwt ? verifyFix(file, call) : fromNest ? nestVerifyFix(fromNest) : undefined,
      });
    }
  },
);

/** `this.jwtService.decode(…)` on an injected @nestjs/jwt JwtService: the `decode` name node. */
function nestDecode(call: Node, services: Set<string>): Node | undefined {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type !== 'member_expression') return undefined;
  const method = field(fn, 'property');
  const object = unwrapParens(field(fn, 'object'));
  return method?.text === 'decode' && object && services.has(serviceName(object)) ? method : undefined;
}

/** JwtService.verify checks the signature (and expiry) with the module's configured key and options. */
function nestVerifyFix(method: Node): Fix {
  return { title: "Verify the token with JwtService.verify (the module's key and options)", edits: [{ range: rangeOf(method), newText: 'verify' }] };
}

/** How the decoded value is trusted, or undefined when it is only displayed or logged. */
function trustedUse(call: Node): string | undefined {
  let value: Node = call;
  // `token ? jwt.decode(token) : null` hands the decoded value on just the same.
  const passesValue = (parent: Node, child: Node) =>
    ['as_expression', 'parenthesized_expression', 'non_null_expression', 'await_expression', 'satisfies_expression'].includes(parent.type) ||
    (parent.type === 'ternary_expression' && field(parent, 'condition')?.id !== child.id);
  while (value.parent && passesValue(value.parent, value)) value = value.parent;
  const direct = judge(value);
  if (direct) return direct;
  const declarator = value.parent?.type === 'variable_declarator' ? value.parent : undefined;
  const name = declarator && field(declarator, 'name');
  const scope = ancestor(call, FUNCTION_NODE_TYPES) ?? call.tree.rootNode;
  if (!name) return undefined;
  const names = name.type === 'identifier' ? [name.text] : descendants(name, ['shorthand_property_identifier_pattern', 'identifier']).map((n) => n.text);
  for (const id of descendants(scope, 'identifier')) {
    if (!names.includes(id.text) || id.startIndex <= call.endIndex) continue;
    let use: Node = id;
    while (
      use.parent &&
      (use.parent.type === 'member_expression' || use.parent.type === 'subscript_expression' || use.parent.type === 'non_null_expression') &&
      field(use.parent, 'object')?.id === use.id
    )
      use = use.parent;
    while (use.parent && use.parent.type === 'non_null_expression') use = use.parent;
    const verdict = judge(use);
    if (verdict) return verdict;
  }
  return undefined;
}

/** Whether an expression's position makes it an access decision or the request's identity. */
function judge(expr: Node): string | undefined {
  const TRANSPARENT = ['member_expression', 'subscript_expression', 'as_expression', 'non_null_expression', 'parenthesized_expression', 'satisfies_expression'];
  let compared = false;
  let fieldRead = expr.type === 'member_expression' || expr.type === 'subscript_expression';
  for (let node: Node = expr; node.parent; node = node.parent) {
    const parent = node.parent;
    if (TRANSPARENT.includes(parent.type)) {
      fieldRead ||= parent.type === 'member_expression' || parent.type === 'subscript_expression';
      continue;
    }
    // Shape checks on the whole value (`!decoded`, `decoded === null`, `typeof decoded`) are guards, not decisions.
    if (parent.type === 'unary_expression' && parent.child(0)?.text === 'typeof') return undefined;
    if (parent.type === 'unary_expression' && parent.child(0)?.text === '!') {
      if (!fieldRead) return undefined;
      continue;
    }
    if (parent.type === 'binary_expression' && /^(===|==|!==|!=|&&|\|\||\?\?)$/.test(parent.child(1)?.text ?? '')) {
      const other = field(parent, 'left')?.id === node.id ? field(parent, 'right') : field(parent, 'left');
      if (!fieldRead && /^(===|==|!==|!=)$/.test(parent.child(1)?.text ?? '') && ['null', 'undefined'].includes(other?.type ?? '')) return undefined;
      compared = true;
      continue;
    }
    if (['if_statement', 'while_statement', 'ternary_expression'].includes(parent.type) && field(parent, 'condition')?.id === node.id)
      return 'used for an access decision';
    if (parent.type === 'return_statement') return compared ? 'used for an access decision' : "returned as the caller's identity";
    if (parent.type === 'variable_declarator' && compared) return 'used for an access decision';
    if (
      parent.type === 'assignment_expression' &&
      field(parent, 'right')?.id === node.id &&
      /^(req|request|res\.locals|ctx|context)\b/.test(field(parent, 'left')?.text ?? '')
    ) {
      return `stored as ${field(parent, 'left')?.text}`;
    }
    return undefined;
  }
  return undefined;
}

/** `jwt.decode(token)` → `jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ['HS256'] })`. */
function verifyFix(file: SyntaxTreeFile, call: Node): Fix | undefined {
  const fn = unwrapParens(field(call, 'function'));
  const token = callArguments(call)[0];
  if (!fn || !token || callArguments(call).length !== 1) return undefined;
  const typed = file.grammar === 'typescript' || file.grammar === 'tsx';
  const callee = fn.type === 'member_expression' ? `${unwrapParens(field(fn, 'object'))?.text}.verify` : undefined;
  if (!callee) return undefined;
  return {
    title: 'Verify the token (jwt.verify with an algorithm allow-list)',
    edits: [{ range: rangeOf(call), newText: `${callee}(${token.text}, process.env.JWT_SECRET${typed ? '!' : ''}, { algorithms: ['HS256'] })` }],
  };
}
