import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix } from '../../engine/types';
import { resolve } from './support/flow';
import { stringValue, unwrapParens } from './support/modules';

/** Libraries whose options name algorithms `algorithms` / `algorithm` / `alg`. */
export const JWT_MODULES = ['jsonwebtoken', 'jose', 'express-jwt', 'passport-jwt', '@nestjs/jwt', 'jwt-simple', 'fast-jwt', 'koa-jwt', '@fastify/jwt', 'hono'];

export default defineTreeRule(
  {
    id: 'ts/jwt-none-algorithm',
    title: "JWT 'none' algorithm accepted or used",
    description: 'JWTs signed with or accepted under the `none` algorithm, which carry no signature.',
    messages: {
      noneAllowed: "'none' in the allowed algorithms accepts unsigned tokens: anyone can forge claims",
      signedWithNone: "Tokens signed with algorithm 'none' carry no signature: anyone can forge them",
      unsecuredJwt: "jose's UnsecuredJWT has alg 'none': its claims are not protected by any signature",
    },
    severity: 'error',
    cwe: [327, 347],
    stride: ['Spoofing', 'Elevation of Privilege'],
    threat: { ids: ['BS-21'], summary: 'Tokens with `alg: none` are accepted, so signatures are never checked' },
    remediation:
      "List only the algorithms the service signs with (`algorithms: ['HS256']` or `['RS256']`) and sign with a real algorithm and key; never use `UnsecuredJWT` for anything that grants access.",
    fixable: true,
    languages: ['typescript'],
    scope: { requiresImport: JWT_MODULES },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const reported = new Set<number>();
    for (const pair of descendants(root, 'pair')) {
      const key = field(pair, 'key');
      const name = key && (stringValue(key) ?? key.text);
      const value = field(pair, 'value');
      if (!value) continue;
      if (name === 'algorithms') {
        const list = unwrapParens(resolve(value, root));
        if (list?.type !== 'array') continue;
        const elements = named(list).filter((n) => n.type !== 'comment');
        for (const element of elements) {
          if (!isNone(element) || reported.has(element.startIndex)) continue;
          reported.add(element.startIndex);
          report({
            range: rangeOf(element),
            messageId: 'noneAllowed',
            related: list.id === unwrapParens(value)?.id ? undefined : [{ range: rangeOf(value), message: 'the list is used here' }],
            fix: elements.length > 1 ? removeElement(list, element) : undefined,
          });
        }
      } else if ((name === 'algorithm' || name === 'alg') && isNone(unwrapParens(resolve(value, root)))) {
        report({ range: rangeOf(value), messageId: 'signedWithNone' });
      }
    }
    for (const id of descendants(root, 'identifier')) {
      if (id.text !== 'UnsecuredJWT' || !['new_expression', 'member_expression'].includes(id.parent?.type ?? '')) continue;
      if (id.parent?.type === 'member_expression' && field(id.parent, 'object')?.id !== id.id) continue;
      report({ range: rangeOf(id), messageId: 'unsecuredJwt' });
    }
  },
);

function isNone(node: Node | undefined): boolean {
  return stringValue(node)?.toLowerCase() === 'none';
}

/** Removes one element of an array literal with the comma that separates it. */
function removeElement(list: Node, element: Node): Fix {
  const elements = named(list).filter((n) => n.type !== 'comment');
  const index = elements.findIndex((e) => e.id === element.id);
  const next = elements[index + 1];
  const previous = elements[index - 1];
  const range = next ? { start: element.startIndex, end: next.startIndex } : { start: previous.endIndex, end: element.endIndex };
  return { title: "Remove 'none' from the allowed algorithms", edits: [{ range, newText: '' }] };
}
