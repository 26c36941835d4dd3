import { defineTreeRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { rangeOf } from '../../engine/syntax';
import type { Fix, SyntaxTreeFile } from '../../engine/types';
import { jwtKeyUses } from './support/jwtKeys';
import { literalSecret, type LiteralSecret } from './support/secrets';

export default defineTreeRule(
  {
    id: 'ts/jwt-hardcoded-secret',
    title: 'Hard-coded JWT secret',
    description:
      'A JWT signing or verification secret written in the source (also as the fallback of an environment variable), so anyone with the code can sign tokens.',
    messages: {
      hardcodedSecret: 'JWT secret {{value}} is written in the source{{fallback}} and {{how}}; anyone with the code can sign tokens',
    },
    severity: 'error',
    cwe: [798, 321],
    stride: ['Information Disclosure', 'Spoofing', 'Tampering'],
    threat: { ids: ['BS-18', 'BS-19', 'PILLAR-CODE-3'], summary: 'The hard-coded JWT signing key is extracted and used to forge tokens' },
    remediation:
      'Read the secret from the environment or a secret manager at start-up and fail fast when it is missing (`const secret = process.env.JWT_SECRET; if (!secret) throw …`); rotate the committed secret.',
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    // One finding per literal, however many calls use it.
    const reported = new Set<number>();
    for (const { key, how } of jwtKeyUses(root)) {
      const secret = literalSecret(key, root);
      if (!secret || secret.value.length === 0 || reported.has(secret.literal.startIndex)) continue;
      reported.add(secret.literal.startIndex);
      const fallback = secret.primary ? ` (as the fallback of ${secret.primary.text})` : '';
      report({
        range: rangeOf(secret.literal),
        messageId: 'hardcodedSecret',
        data: { value: maskSecret(secret.value), fallback, how },
        related: secret.literal.startIndex === key.startIndex ? undefined : [{ range: rangeOf(key), message: `the secret ${how} here` }],
        fix: envFix(file, secret),
      });
    }
  },
);

/**
 * Replaces the literal with an environment read, or a whole `process.env.X || "…"` with what
 * it backs up; in TypeScript `as string`, which jsonwebtoken's `Secret` accepts (env values are
 * `string | undefined`).
 */
function envFix(file: SyntaxTreeFile, secret: LiteralSecret): Fix {
  const primary = secret.primary;
  const source = primary?.text ?? 'process.env.JWT_SECRET';
  const typed = file.grammar === 'typescript' || file.grammar === 'tsx';
  // `a || b || "lit"`: the cast must cover the whole of what is kept.
  const simple = !primary || ['member_expression', 'subscript_expression', 'call_expression', 'identifier', 'parenthesized_expression'].includes(primary.type);
  return {
    title: `Read the secret from ${source} (and check it is set at start-up)`,
    edits: [{ range: rangeOf(secret.replace), newText: typed ? `${simple ? source : `(${source})`} as string` : source }],
  };
}
