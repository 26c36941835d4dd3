import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix, OffsetRange, SyntaxTreeFile } from '../../engine/types';
import { declaredTypeOf, structFieldType } from './support/declaredTypes';
import { goImports, lineIndent, qualified, resolveValue, unwrapParens } from './support/goSyntax';
import { addImports } from './support/imports';
import { JWT_PATHS, jwtPackages } from './support/jwtLibraries';
import { checksMethod, jwtParseCalls, keyFuncOf, ownReturns, pinsMethods, type KeyFunc } from './support/jwtParse';

/** Method types of golang-jwt/jwt-go, by what the key function returns. */
type Family = 'SigningMethodHMAC' | 'SigningMethodRSA' | 'SigningMethodECDSA' | 'SigningMethodEd25519';

export default defineTreeRule(
  {
    id: 'go/jwt-keyfunc-no-method-check',
    title: 'JWT key function does not check the signing method',
    description: 'A JWT key function that returns the key without checking `token.Method` while no valid-methods option pins the algorithm.',
    messages: {
      methodUnchecked:
        'The key function returns the key without checking token.Method, and no valid-methods option pins the algorithm: the token chooses how it is verified',
    },
    severity: 'note',
    cwe: [347, 757],
    stride: ['Spoofing', 'Tampering'],
    threat: { ids: ['BS-21', 'BS-22'], summary: 'The token header picks the algorithm (alg none, algorithm confusion)' },
    remediation:
      'Check the method before returning the key — `if _, ok := token.Method.(*jwt.SigningMethodHMAC); !ok { return nil, fmt.Errorf(…) }` — or, on v4.5+/v5, pass `jwt.WithValidMethods([]string{"HS256"})`.',
    fixable: true,
    languages: ['go'],
    scope: { requiresImport: JWT_PATHS },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const packages = jwtPackages(root);
    for (const parse of jwtParseCalls(root, packages)) {
      if (parse.optionsUnknown || pinsMethods(parse.options)) continue;
      const keyFunc = keyFuncOf(parse.keyFunc, root);
      if (!keyFunc || checksMethod(keyFunc) || keyFunc.fn.text.includes('UnsafeAllowNoneSignatureType')) continue;
      const literal = unwrapParens(parse.keyFunc)?.type === 'func_literal';
      report({
        range: literal ? signature(keyFunc.fn) : rangeOf(parse.keyFunc),
        messageId: 'methodUnchecked',
        related: literal ? undefined : [{ range: signature(keyFunc.fn), message: 'the key function' }],
        fix: methodCheckFix(file, keyFunc, parse.pkg),
      });
    }
  },
);

/** `func(t *jwt.Token) (interface{}, error)`: the header of a key function, where the squiggle goes. */
function signature(fn: Node): OffsetRange {
  const end = field(fn, 'result') ?? field(fn, 'parameters') ?? fn;
  return { start: fn.startIndex, end: end.endIndex };
}

/** Inserts the method check as the key function's first statement. */
function methodCheckFix(file: SyntaxTreeFile, keyFunc: KeyFunc, pkg: string): Fix | undefined {
  const body = field(keyFunc.fn, 'body');
  const first = named(body).find((n) => n.type !== 'comment');
  const root = file.tree.rootNode;
  const family = familyOf(keyFunc, root);
  // A one-line body would need reflowing: no fix there.
  if (!body || !keyFunc.token || !family || !first || first.startPosition.row === body.startPosition.row) return undefined;
  const indent = lineIndent(file.text, body.endIndex - 1);
  const fmt = [...goImports(root)].find(([, p]) => p === 'fmt')?.[0] ?? 'fmt';
  const t = keyFunc.token;
  const check = [
    `\n${indent}\tif _, ok := ${t}.Method.(*${pkg}.${family}); !ok {`,
    `${indent}\t\treturn nil, ${fmt}.Errorf("unexpected signing method %v", ${t}.Header["alg"])`,
    `${indent}\t}`,
  ].join('\n');
  return {
    title: `Reject tokens not signed with ${family.replace('SigningMethod', '')}`,
    edits: [{ range: { start: body.startIndex + 1, end: body.startIndex + 1 }, newText: check }, ...addImports(root, ['fmt'])],
  };
}

/** The method family, from the key the function returns, else from the signing methods the file uses. */
function familyOf(keyFunc: KeyFunc, root: Node): Family | undefined {
  for (const ret of ownReturns(keyFunc)) {
    const first = named(named(ret)[0])[0] ?? named(ret)[0];
    const family = keyFamily(first, root);
    if (family) return family;
  }
  const used = new Set<Family>();
  for (const s of descendants(root, 'selector_expression')) {
    const name = field(s, 'field')?.text ?? '';
    const m = /^SigningMethod(HS|RS|PS|ES|EdDSA)/.exec(name);
    if (m)
      used.add(m[1] === 'HS' ? 'SigningMethodHMAC' : m[1] === 'ES' ? 'SigningMethodECDSA' : m[1] === 'EdDSA' ? 'SigningMethodEd25519' : 'SigningMethodRSA');
  }
  return used.size === 1 ? [...used][0] : undefined;
}

function keyFamily(expression: Node | undefined, root: Node): Family | undefined {
  const value = unwrapParens(resolveValue(expression, root));
  if (!value) return undefined;
  if (value.type === 'type_conversion_expression' || value.type === 'call_expression') {
    const fn = field(value, 'type') ?? field(value, 'function');
    if (fn?.text.replace(/\s/g, '') === '[]byte') return 'SigningMethodHMAC';
    const name = qualified(fn)?.[1] ?? '';
    if (/^ParseRSAPublicKeyFromPEM/.test(name)) return 'SigningMethodRSA';
    if (/^ParseECPublicKeyFromPEM/.test(name)) return 'SigningMethodECDSA';
    if (/^ParseEdPublicKeyFromPEM/.test(name)) return 'SigningMethodEd25519';
    return undefined;
  }
  let type: Node | undefined;
  if (value.type === 'identifier') type = declaredTypeOf(value, root);
  else if (value.type === 'selector_expression') type = structFieldType(field(value, 'field')?.text ?? '', root);
  const text = type?.text.replace(/\s/g, '') ?? '';
  if (text === '[]byte') return 'SigningMethodHMAC';
  if (/rsa\.PublicKey$/.test(text)) return 'SigningMethodRSA';
  if (/ecdsa\.PublicKey$/.test(text)) return 'SigningMethodECDSA';
  if (/ed25519\.PublicKey$/.test(text)) return 'SigningMethodEd25519';
  return undefined;
}
