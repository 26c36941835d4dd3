import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix, SyntaxTreeFile } from '../../engine/types';
import { goImports, goStringValue, qualified } from './support/goSyntax';
import { addImports } from './support/imports';
import { JWT_PATHS, jwtPackages } from './support/jwtLibraries';
import { jwtParseCalls, keyFuncOf, pinsMethods } from './support/jwtParse';

const JWX_JWA = /^github\.com\/lestrrat-go\/jwx(\/v\d+)?\/jwa$/;
const JWX_SIGNERS = /^github\.com\/lestrrat-go\/jwx(\/v\d+)?\/(jwt|jws)$/;

export default defineTreeRule(
  {
    id: 'go/jwt-none-algorithm',
    title: 'JWT `alg: none` allowed',
    description: 'Code that signs or accepts JWTs with `alg: none`, or parses them without pinning the algorithm, so unsigned tokens can pass.',
    messages: {
      signingMethodNone: 'SigningMethodNone issues unsigned tokens: anyone can write tokens that look just like them',
      unsafeAllowNone: 'UnsafeAllowNoneSignatureType makes the library sign or accept alg "none" tokens, which carry no signature',
      jwaNoSignature: 'jwa.NoSignature signs or accepts tokens without a signature (alg "none")',
      insecureNoSignature: 'WithInsecureNoSignature produces alg "none" tokens that carry no signature',
      getSigningMethodNone: 'GetSigningMethod("none") is SigningMethodNone: tokens without a signature',
      noneAccepted: 'alg "none" is among the accepted algorithms: unsigned tokens pass verification',
      algorithmNotPinned:
        'Nothing here pins the signing algorithm: the key function is elsewhere and there is no {{pkg}}.WithValidMethods; pass {{pkg}}.WithValidMethods([]string{"…"})',
    },
    severity: 'error',
    cwe: [347, 327],
    stride: ['Spoofing', 'Tampering'],
    threat: { ids: ['BS-21', 'BS-22'], summary: 'The token header is changed to alg none and accepted without verification' },
    remediation:
      'Sign with a real algorithm (`jwt.SigningMethodHS256` with a secret from the environment, or RS256/EdDSA), never return `UnsafeAllowNoneSignatureType` from a key function, and pin the accepted algorithms: `jwt.WithValidMethods([]string{"HS256"})`.',
    fixable: true,
    languages: ['go'],
    scope: { requiresImport: [...JWT_PATHS, JWX_JWA, JWX_SIGNERS] },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const packages = jwtPackages(root);
    const imports = [...goImports(root)];
    const jwa = new Set(imports.filter(([, p]) => JWX_JWA.test(p)).map(([alias]) => alias));
    const jwx = new Set(imports.filter(([, p]) => JWX_SIGNERS.test(p)).map(([alias]) => alias));
    for (const selector of descendants(root, 'selector_expression')) {
      const operand = field(selector, 'operand');
      const name = field(selector, 'field')?.text;
      if (operand?.type !== 'identifier') continue;
      if (packages.has(operand.text) && name === 'SigningMethodNone') {
        // `t.Method == jwt.SigningMethodNone`, `case jwt.SigningMethodNone:` are checks (often rejections), not uses.
        if (isComparison(selector)) continue;
        report({
          range: rangeOf(selector),
          messageId: 'signingMethodNone',
          fix: signingArgument(selector)
            ? { title: 'Sign with HS256', edits: [{ range: rangeOf(field(selector, 'field')!), newText: 'SigningMethodHS256' }] }
            : undefined,
        });
      } else if (packages.has(operand.text) && name === 'UnsafeAllowNoneSignatureType') {
        report({
          range: rangeOf(selector),
          messageId: 'unsafeAllowNone',
          fix: keyFix(file, selector),
        });
      } else if (jwa.has(operand.text) && name === 'NoSignature') {
        report({ range: rangeOf(selector), messageId: 'jwaNoSignature' });
      } else if (jwx.has(operand.text) && name === 'WithInsecureNoSignature') {
        report({ range: rangeOf(selector), messageId: 'insecureNoSignature' });
      }
    }
    // "none" among the valid methods.
    for (const literal of descendants(root, ['interpreted_string_literal', 'raw_string_literal'])) {
      if (goStringValue(literal)?.toLowerCase() !== 'none') continue;
      // jwt.GetSigningMethod("none") is SigningMethodNone by name.
      const call = literal.parent?.type === 'argument_list' ? literal.parent.parent : undefined;
      const q = call ? qualified(field(call, 'function')) : undefined;
      if (q && packages.has(q[0]) && q[1] === 'GetSigningMethod') {
        report({
          range: rangeOf(call!),
          messageId: 'getSigningMethodNone',
          fix: { title: 'Use HS256', edits: [{ range: rangeOf(literal), newText: '"HS256"' }] },
        });
        continue;
      }
      if (!inValidMethods(literal)) continue;
      report({ range: rangeOf(literal), messageId: 'noneAccepted', fix: dropNone(literal) });
    }
    for (const parse of jwtParseCalls(root, packages)) {
      if (!parse.v5 || parse.optionsUnknown || pinsMethods(parse.options)) continue;
      const keyFunc = keyFuncOf(parse.keyFunc, root);
      // Key functions in the file are judged by go/jwt-keyfunc-no-method-check.
      if (keyFunc) continue;
      report({
        range: rangeOf(field(parse.call, 'function')!),
        severity: 'note',
        messageId: 'algorithmNotPinned',
        data: { pkg: parse.pkg },
      });
    }
  },
);

function isComparison(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'binary_expression' && /^(==|!=)$/.test(parent.child(1)?.text ?? '')) return true;
  return parent?.type === 'expression_list' && parent.parent?.type === 'expression_case';
}

/** `jwt.New(m)` / `jwt.NewWithClaims(m, …)`: where swapping the method is safe (not a comparison). */
function signingArgument(selector: Node): boolean {
  const call = selector.parent?.type === 'argument_list' ? selector.parent.parent : undefined;
  const name = call?.type === 'call_expression' ? (field(call, 'function')?.text ?? '') : '';
  return /(^|\.)(New|NewWithClaims)$/.test(name) && named(selector.parent).filter((n) => n.type !== 'comment')[0]?.id === selector.id;
}

/** `[]string{"HS256", "none"}` passed to WithValidMethods or set as `ValidMethods:`. */
function inValidMethods(literal: Node): boolean {
  const list = literal.parent?.type === 'literal_element' ? literal.parent.parent : literal.parent;
  const slice = list?.parent;
  if (list?.type !== 'literal_value' || slice?.type !== 'composite_literal') return false;
  const holder = slice.parent?.type === 'literal_element' ? slice.parent.parent : slice.parent;
  if (holder?.type === 'keyed_element') return /^ValidMethods\s*:/.test(holder.text);
  const call = holder?.type === 'argument_list' ? holder.parent : undefined;
  return call?.type === 'call_expression' && (field(call, 'function')?.text.endsWith('WithValidMethods') ?? false);
}

/** Removes `"none"` from the list, or makes it `"HS256"` when it is alone. */
function dropNone(literal: Node): Fix {
  const element = literal.parent?.type === 'literal_element' ? literal.parent : literal;
  const siblings = named(element.parent).filter((n) => n.type !== 'comment');
  if (siblings.length === 1) return { title: 'Accept HS256 only', edits: [{ range: rangeOf(literal), newText: '"HS256"' }] };
  const index = siblings.findIndex((s) => s.id === element.id);
  const range = index > 0 ? { start: siblings[index - 1].endIndex, end: element.endIndex } : { start: element.startIndex, end: siblings[1].startIndex };
  return { title: 'Stop accepting alg "none"', edits: [{ range, newText: '' }] };
}

/** `SignedString(jwt.UnsafeAllowNoneSignatureType)` or `return jwt.UnsafeAllowNoneSignatureType, nil` → a key from the environment. */
function keyFix(file: SyntaxTreeFile, selector: Node): Fix | undefined {
  const parent = selector.parent;
  const inSignedString = parent?.type === 'argument_list' && field(parent.parent ?? undefined, 'function')?.text.endsWith('SignedString');
  const inReturn = parent?.type === 'expression_list' && parent.parent?.type === 'return_statement';
  if (!inSignedString && !inReturn) return undefined;
  return {
    title: 'Use a key from the JWT_SIGNING_KEY environment variable',
    edits: [{ range: rangeOf(selector), newText: '[]byte(os.Getenv("JWT_SIGNING_KEY"))' }, ...addImports(file.tree.rootNode, ['os'])],
  };
}
