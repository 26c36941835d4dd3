import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { field, rangeOf } from '../../engine/syntax';
import type { Fix } from '../../engine/types';
import { insertProperty, jwtCalls, objectOf, prop, type JwtCall } from './support/jwtCalls';
import { stringValue, unwrapParens } from './support/modules';

const LIFETIME = "'1h'";

export default defineTreeRule(
  {
    id: 'ts/jwt-no-expiry',
    title: 'JWT signed without an expiry',
    description: 'A JWT signed without `expiresIn` or an `exp` claim, so the token never expires.',
    messages: {
      noExpiry: 'Token signed without expiresIn or an exp claim: it never expires',
      joseNoExpiration: 'SignJWT without setExpirationTime(): the token never expires',
      ownSecretNoExpiry: 'Token signed with its own secret but no expiresIn: it never expires',
      moduleNoExpiry: 'JwtModule signs tokens without signOptions.expiresIn: they never expire unless every sign() passes one',
    },
    severity: 'warning',
    cwe: [613],
    stride: ['Spoofing', 'Elevation of Privilege'],
    threat: { ids: ['BS-20'], summary: 'Tokens never expire, so a stolen token stays valid' },
    remediation:
      "Give every token a short lifetime (`jwt.sign(payload, key, { expiresIn: '15m' })`, jose `.setExpirationTime('15m')`, NestJS `signOptions: { expiresIn: '15m' }`) and renew it with a revocable refresh token.",
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const calls = jwtCalls(root);
    // `verify(…, { maxAge })` expires tokens by their `iat`, which jsonwebtoken always sets.
    if (calls.some((c) => c.side === 'verify' && c.options && prop(c.options, 'maxAge', root) !== undefined)) return;
    for (const call of calls) {
      if (call.side !== 'sign' || !call.optionsKnown) continue;
      if (payloadHasExp(call.payload, root)) continue;
      if (call.api === 'jsonwebtoken') {
        if (call.options && prop(call.options, 'expiresIn', root) !== undefined) continue;
        report({
          range: rangeOf(call.callee),
          messageId: 'noExpiry',
          fix: stringValue(unwrapParens(call.payload)) === undefined ? addExpiresIn(call) : undefined,
        });
      } else if (call.api === 'jose' && call.chain && !call.chain.has('setExpirationTime')) {
        const sign = field(unwrapParens(field(call.node, 'function')) ?? call.node, 'property');
        if (!sign) continue;
        report({
          range: rangeOf(sign),
          messageId: 'joseNoExpiration',
          fix: {
            title: `Expire the token after ${LIFETIME}`,
            edits: [{ range: { start: sign.startIndex - 1, end: sign.startIndex - 1 }, newText: `.setExpirationTime(${LIFETIME})` }],
          },
        });
      } else if (call.api === 'nest-service' && call.options && signsWithOwnKey(call.options, root) && prop(call.options, 'expiresIn', root) === undefined) {
        // Per-call options with their own secret: the module's signOptions do not apply.
        report({ range: rangeOf(call.callee), messageId: 'ownSecretNoExpiry', fix: addExpiresIn(call) });
      } else if (
        call.api === 'nest-module' &&
        call.optionsArg &&
        signsWithOwnKey(call.optionsArg, root) &&
        (!call.options || prop(call.options, 'expiresIn', root) === undefined)
      ) {
        if (prop(call.optionsArg, 'signOptions', root) && !call.options) continue; // signOptions built elsewhere
        report({
          range: rangeOf(call.callee),
          severity: 'note',
          messageId: 'moduleNoExpiry',
          fix: {
            title: `Expire tokens after ${LIFETIME}`,
            edits: [
              call.options
                ? insertProperty(call.options, `expiresIn: ${LIFETIME}`)
                : insertProperty(call.optionsArg, `signOptions: { expiresIn: ${LIFETIME} }`),
            ],
          },
        });
      }
    }
  },
);

/** Options that carry a key: a module without one (`JwtModule.register({})`) leaves every sign() to pass its own options. */
function signsWithOwnKey(options: Node, root: Node): boolean {
  return ['secret', 'privateKey', 'secretOrPrivateKey'].some((key) => prop(options, key, root) !== undefined);
}

/** Whether the payload carries (or may carry, through a spread the file does not show) an `exp` claim. */
function payloadHasExp(payload: Node | undefined, root: Node): boolean {
  const object = objectOf(payload, root);
  if (!object) return false;
  if (prop(object, 'exp', root) !== undefined) return true;
  // A claim of the service's own (`expiresAt`, `expiry`) that its verifier checks.
  return object.namedChildren.some(
    (m) =>
      m !== null &&
      (m.type === 'pair' || m.type === 'shorthand_property_identifier') &&
      /^(expires?(At|_at|On)?|expiry|expiration(Date|Time)?|createdAt|issuedAt)$/i.test(m.type === 'pair' ? (field(m, 'key')?.text ?? '') : m.text),
  );
}

function addExpiresIn(call: JwtCall): Fix | undefined {
  const title = `Expire the token after ${LIFETIME}`;
  const text = `expiresIn: ${LIFETIME}`;
  if (call.options) {
    if (unwrapParens(call.optionsArg)?.id !== call.options.id) return undefined;
    return { title, edits: [insertProperty(call.options, text)] };
  }
  const args = (call.args?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
  const callback = args[2];
  if (callback) return { title, edits: [{ range: { start: callback.startIndex, end: callback.startIndex }, newText: `{ ${text} }, ` }] };
  const key = args[1];
  return key ? { title, edits: [{ range: { start: key.endIndex, end: key.endIndex }, newText: `, { ${text} }` }] } : undefined;
}
