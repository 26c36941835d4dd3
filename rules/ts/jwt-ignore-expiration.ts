import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, rangeOf } from '../../engine/syntax';
import { resolve } from './support/flow';
import { stringValue, unwrapParens } from './support/modules';
import { JWT_MODULES } from './jwt-none-algorithm';

export default defineTreeRule(
  {
    id: 'ts/jwt-ignore-expiration',
    title: 'JWT expiry ignored when verifying',
    description: 'JWT verification with `ignoreExpiration: true`, which accepts tokens long after they expire.',
    messages: { ignoreExpiration: 'ignoreExpiration: true accepts expired tokens: a leaked token stays valid forever' },
    severity: 'error',
    cwe: [613, 298],
    stride: ['Spoofing', 'Elevation of Privilege'],
    threat: { ids: ['BS-20', 'BS-22'], summary: 'Tokens never expire, so a stolen token stays valid' },
    remediation:
      'Remove `ignoreExpiration: true` (the default is `false`), issue tokens with a short `expiresIn`, and refresh them through a separate, revocable refresh token.',
    fixable: true,
    languages: ['typescript'],
    scope: { requiresImport: [...JWT_MODULES, '@nestjs/passport'] },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    for (const pair of descendants(root, 'pair')) {
      const key = field(pair, 'key');
      if (!key || (stringValue(key) ?? key.text) !== 'ignoreExpiration') continue;
      const value = field(pair, 'value');
      if (unwrapParens(resolve(value, root))?.type !== 'true' || !value) continue;
      report({
        range: rangeOf(pair),
        messageId: 'ignoreExpiration',
        fix:
          unwrapParens(value)?.type === 'true'
            ? { title: 'Check token expiry (ignoreExpiration: false)', edits: [{ range: rangeOf(value), newText: 'false' }] }
            : undefined,
      });
    }
  },
);
