import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import type { Fix, SyntaxTreeFile } from '../../engine/types';
import { callArguments } from './support/goSyntax';
import { addImports } from './support/imports';
import { JWT_PATHS, jwtPackages } from './support/jwtLibraries';
import { keyFuncArgument, keyFuncReturns, literalKey, type LiteralKey } from './support/keys';
import { descendants, field, rangeOf } from '../../engine/syntax';

export default defineTreeRule(
  {
    id: 'go/jwt-hardcoded-key',
    title: 'Hard-coded JWT signing key',
    description: 'A JWT signing or verification key written in the source, so anyone who can read it can mint valid tokens.',
    messages: { hardcodedKey: 'JWT key {{value}} is hard-coded and {{how}}; anyone with the source can sign tokens' },
    severity: 'error',
    cwe: [798, 321],
    stride: ['Information Disclosure', 'Spoofing', 'Tampering'],
    threat: { ids: ['BS-18', 'BS-19', 'PILLAR-CODE-3'], summary: 'The hard-coded JWT signing key is extracted and used to forge tokens' },
    remediation:
      'Load the key at start-up from the environment or a secret store (`[]byte(os.Getenv("JWT_SIGNING_KEY"))`, failing fast when empty), and rotate the key that was committed.',
    fixable: true,
    languages: ['go'],
    scope: { requiresImport: JWT_PATHS },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const packages = jwtPackages(root);
    const reported = new Set<number>();
    const emit = (key: LiteralKey | undefined, use: Node, how: string) => {
      if (!key || key.value.length === 0 || reported.has(key.literal.startIndex)) return;
      reported.add(key.literal.startIndex);
      report({
        range: rangeOf(key.literal),
        messageId: 'hardcodedKey',
        data: { value: maskSecret(key.value), how },
        related: key.literal.startIndex === use.startIndex ? undefined : [{ range: rangeOf(use), message: `the key is ${how} here` }],
        fix: envFix(file, key),
      });
    };
    for (const call of descendants(root, 'call_expression')) {
      const fn = field(call, 'function');
      if (fn?.type === 'selector_expression' && field(fn, 'field')?.text === 'SignedString') {
        const arg = callArguments(call)[0];
        if (arg) emit(literalKey(arg, root), arg, 'used to sign tokens');
        continue;
      }
      const keyFunc = keyFuncArgument(call, packages);
      for (const returned of keyFuncReturns(keyFunc, root)) emit(literalKey(returned, root), returned, 'returned by the key function that verifies tokens');
    }
  },
);

/** `[]byte("…")` → `[]byte(os.Getenv("JWT_SIGNING_KEY"))`, `"…"` → `os.Getenv("JWT_SIGNING_KEY")`, plus the `os` import. */
function envFix(file: SyntaxTreeFile, key: LiteralKey): Fix | undefined {
  if (key.inConst) return undefined;
  const replacement = key.replace === key.literal ? 'os.Getenv("JWT_SIGNING_KEY")' : '[]byte(os.Getenv("JWT_SIGNING_KEY"))';
  return {
    title: 'Read the key from the JWT_SIGNING_KEY environment variable',
    edits: [{ range: rangeOf(key.replace), newText: replacement }, ...addImports(file.tree.rootNode, ['os'])],
  };
}
