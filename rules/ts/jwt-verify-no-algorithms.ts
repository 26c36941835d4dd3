import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { rangeOf } from '../../engine/syntax';
import type { Fix } from '../../engine/types';
import { resolve } from './support/flow';
import { insertProperty, jwtCalls, prop, type JwtCall } from './support/jwtCalls';
import { stringValue, unwrapParens } from './support/modules';

export default defineTreeRule(
  {
    id: 'ts/jwt-verify-no-algorithms',
    title: 'JWT verified without an algorithm allow-list',
    description: "A JWT verified without an `algorithms` allow-list, so the token's own header chooses how it is checked.",
    messages: {
      noAlgorithms: "Token verified without an algorithms allow-list: the token's header picks the algorithm. Pass { algorithms: ['{{alg}}'] }",
    },
    severity: 'note',
    cwe: [347, 327],
    stride: ['Spoofing'],
    threat: { ids: ['BS-19', 'BS-22'], summary: 'Weak or unexpected signing algorithms are accepted when verifying tokens' },
    remediation: "Pass the algorithms the service actually signs with: `jwt.verify(token, key, { algorithms: ['HS256'] })` (or `['RS256']` for a public key).",
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const calls = jwtCalls(root);
    const algorithm = signedAlgorithm(calls, root);
    for (const call of calls) {
      if (call.side !== 'verify' || !['jsonwebtoken', 'passport-jwt', 'express-jwt'].includes(call.api)) continue;
      if (!call.optionsKnown) continue;
      if (call.api !== 'jsonwebtoken' && !call.options) continue;
      if (call.options && prop(call.options, 'algorithms', root) !== undefined) continue;
      const alg = algorithm ?? guessFromKey(call, root);
      report({
        range: rangeOf(call.callee),
        messageId: 'noAlgorithms',
        data: { alg },
        fix: addAlgorithms(call, alg),
      });
    }
  },
);

/** The algorithm the file signs with (`algorithm: 'RS256'` in a sign's options), if it says. */
function signedAlgorithm(calls: JwtCall[], root: Node): string | undefined {
  for (const call of calls) {
    if (call.side !== 'sign' || !call.options) continue;
    const alg = prop(call.options, 'algorithm', root);
    const value = alg === 'unknown' ? undefined : stringValue(unwrapParens(resolve(alg, root)));
    if (value && value.toLowerCase() !== 'none') return value;
  }
  return undefined;
}

/** RS256 for what reads as a public key or certificate, HS256 for a shared secret. */
function guessFromKey(call: JwtCall, root: Node): string {
  const keyNode = call.key ?? (call.options ? optionKey(call.options, root) : undefined);
  const resolved = keyNode && resolve(keyNode, root);
  const text = `${keyNode?.text ?? ''} ${resolved?.text ?? ''}`;
  return /public|\bpub\b|\.pem|\.crt|cert|BEGIN (RSA )?PUBLIC|jwks/i.test(text) ? 'RS256' : 'HS256';
}

function optionKey(options: Node, root: Node): Node | undefined {
  for (const name of ['secretOrKey', 'secret', 'secretOrKeyProvider']) {
    const value = prop(options, name, root);
    if (value && value !== 'unknown') return value;
  }
  return undefined;
}

function addAlgorithms(call: JwtCall, alg: string): Fix | undefined {
  const text = `algorithms: ['${alg}']`;
  const title = `Allow only ${alg}`;
  const options = call.options;
  if (options) {
    // Only an object written in the call: a shared const may also be someone's sign options.
    if (unwrapParens(call.optionsArg)?.id !== options.id) return undefined;
    return { title, edits: [insertProperty(options, text)] };
  }
  if (call.api !== 'jsonwebtoken' || !call.key || !call.args) return undefined;
  const args = call.args.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
  const callback = args[2];
  if (callback) return { title, edits: [{ range: { start: callback.startIndex, end: callback.startIndex }, newText: `{ ${text} }, ` }] };
  return { title, edits: [{ range: { start: call.key.endIndex, end: call.key.endIndex }, newText: `, { ${text} }` }] };
}
