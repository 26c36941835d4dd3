import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { rangeOf } from '../../engine/syntax';
import type { Fix } from '../../engine/types';
import { isModuleConstant } from './support/flow';
import { insertProperty, jwtCalls, objectOf, prop, type JwtCall } from './support/jwtCalls';
import { callArguments, unwrapParens } from './support/modules';

type Claim = 'issuer' | 'audience';
const CLAIMS: { option: Claim; payload: string; setter: string }[] = [
  { option: 'issuer', payload: 'iss', setter: 'setIssuer' },
  { option: 'audience', payload: 'aud', setter: 'setAudience' },
];

export default defineTreeRule(
  {
    id: 'ts/jwt-verify-missing-claims',
    title: 'JWT issuer/audience set when signing but not checked when verifying',
    description: 'A file that signs JWTs with an issuer or audience but verifies them without checking it, so tokens meant for other services are accepted.',
    messages: {
      claimsUnchecked:
        'Tokens are signed with {{missing}} in this file, but this verification does not check {{them}}: tokens meant for other services are accepted',
    },
    severity: 'note',
    cwe: [287, 345],
    stride: ['Spoofing'],
    threat: { ids: ['BS-22'], summary: 'iss/aud/exp/nbf claims are not checked when verifying tokens' },
    remediation:
      "Check what you set: `jwt.verify(token, key, { algorithms, issuer: 'booksstore', audience: 'booksstore-web' })`, jose `jwtVerify(token, key, { issuer, audience })`, passport-jwt `{ issuer, audience }`.",
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const calls = jwtCalls(root);
    const signed = new Map<Claim, Node>();
    for (const call of calls) if (call.side === 'sign') for (const [claim, value] of signedClaims(call, root)) if (!signed.has(claim)) signed.set(claim, value);
    if (signed.size === 0) return;
    for (const call of calls) {
      if (call.side !== 'verify' || !call.optionsKnown) continue;
      if ((call.api === 'passport-jwt' || call.api === 'express-jwt') && !call.options) continue;
      const missing = [...signed.keys()].filter((claim) => !call.options || prop(call.options, claim, root) === undefined);
      if (missing.length === 0) continue;
      report({
        range: rangeOf(call.callee),
        messageId: 'claimsUnchecked',
        data: { missing: missing.join(' and '), them: missing.length > 1 ? 'them' : 'it' },
        related: missing.map((claim) => ({ range: rangeOf(signed.get(claim) ?? call.callee), message: `${claim} set when signing` })),
        fix: addClaims(call, missing, signed, root),
      });
    }
  },
);

function signedClaims(call: JwtCall, root: Node): [Claim, Node][] {
  const found: [Claim, Node][] = [];
  const payload = objectOf(call.payload, root);
  for (const { option, payload: key, setter } of CLAIMS) {
    const fromOptions = call.options ? prop(call.options, option, root) : undefined;
    const fromPayload = payload ? prop(payload, key, root) : undefined;
    const fromChain = call.chain?.get(setter);
    const value = fromChain ? callArguments(fromChain)[0] : [fromOptions, fromPayload].find((v): v is Node => v !== undefined && v !== 'unknown');
    if (value) found.push([option, value]);
  }
  return found;
}

/** Copies the signed values when they mean the same anywhere in the file: literals, module constants, env reads. */
function addClaims(call: JwtCall, missing: Claim[], signed: Map<Claim, Node>, root: Node): Fix | undefined {
  const pairs: string[] = [];
  for (const claim of missing) {
    const value = unwrapParens(signed.get(claim));
    if (!value || !isPortable(value, root)) return undefined;
    pairs.push(`${claim}: ${value.text}`);
  }
  const text = pairs.join(', ');
  const title = `Check the ${missing.join(' and ')} when verifying`;
  if (call.options) {
    if (call.api === 'nest-module' || unwrapParens(call.optionsArg)?.id === call.options.id) return { title, edits: [insertProperty(call.options, text)] };
    return undefined;
  }
  if (call.api === 'nest-module' && call.optionsArg) return { title, edits: [insertProperty(call.optionsArg, `verifyOptions: { ${text} }`)] };
  if ((call.api !== 'jsonwebtoken' && call.api !== 'jose') || !call.key || !call.args) return undefined;
  const callback = call.args.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment')[2];
  if (callback) return { title, edits: [{ range: { start: callback.startIndex, end: callback.startIndex }, newText: `{ ${text} }, ` }] };
  return { title, edits: [{ range: { start: call.key.endIndex, end: call.key.endIndex }, newText: `, { ${text} }` }] };
}

function isPortable(value: Node, root: Node): boolean {
  if (value.type === 'string' || (value.type === 'template_string' && !value.text.includes('${'))) return true;
  if (value.type === 'identifier') return isModuleConstant(value, root);
  return /^process\.env\.\w+$/.test(value.text);
}
