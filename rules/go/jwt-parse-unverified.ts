import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { ancestor, descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix, RuleContext, SyntaxTreeFile } from '../../engine/types';
import { callArguments, FUNCTION_NODE_TYPES, goImports, lineIndent, qualified } from './support/goSyntax';
import { addImports } from './support/imports';
import { JWT_PATHS, jwtPackages, jwtParserPackage } from './support/jwtLibraries';

const JWX_JWT = /^github\.com\/lestrrat-go\/jwx(\/v\d+)?\/jwt$/;

export default defineTreeRule(
  {
    id: 'go/jwt-parse-unverified',
    title: 'JWT parsed without verifying its signature',
    description: 'A JWT parsed without verifying its signature (`ParseUnverified` and the like), so anyone can forge the claims it returns.',
    messages: {
      peek: 'ParseUnverified only reads the key id/issuer here and the token is verified afterwards; keep anything else from trusting this result',
      unverified: 'ParseUnverified accepts any token without checking its signature; anyone can forge the claims it returns',
      jwxPeek: '{{call}} only reads the issuer here and the token is verified afterwards; keep anything else from trusting this result',
      jwxUnverified: '{{call}} returns the token without checking its signature; anyone can forge the claims it returns',
      jwxWithVerifyFalse: 'WithVerify(false) parses the token without checking its signature; anyone can forge the claims it returns',
    },
    severity: 'error',
    cwe: [347],
    stride: ['Spoofing', 'Tampering'],
    threat: { ids: ['BS-23'], summary: 'Token signatures are not verified, so users forge their own tokens' },
    remediation:
      'Use `ParseWithClaims` (or `Parse`) with a key function that checks `token.Method` and returns the verification key, and on v5 pass `jwt.WithValidMethods([]string{"HS256"})`.',
    fixable: true,
    languages: ['go'],
    scope: { requiresImport: [...JWT_PATHS, JWX_JWT] },
    // `NewParser(WithoutClaimsValidation()).ParseUnverified(…)`: one unverified parse, not also a missing expiry check.
    supersedes: ['go/jwt-no-expiry'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const packages = jwtPackages(root);
    const jwx = new Set([...goImports(root)].filter(([, p]) => JWX_JWT.test(p)).map(([alias]) => alias));
    if (jwx.size > 0) checkJwx(root, jwx, report);
    for (const call of descendants(root, 'call_expression')) {
      const fn = field(call, 'function');
      const method = fn?.type === 'selector_expression' ? field(fn, 'field') : undefined;
      if (!method || method.text !== 'ParseUnverified') continue;
      const pkg = jwtParserPackage(field(fn, 'operand'), root, packages);
      if (!pkg) continue;
      if (peeksBeforeVerifying(call)) {
        report({
          range: rangeOf(method),
          severity: 'note',
          messageId: 'peek',
        });
        continue;
      }
      report({
        range: rangeOf(method),
        messageId: 'unverified',
        fix: rewriteFix(file, call, method, pkg),
      });
    }
  },
);

/**
 * The documented use of ParseUnverified: read `Header["kid"]`/`["alg"]` or the issuer to pick
 * the key, then verify. True when every later read of the returned token and claims is one of
 * those, and the same function goes on to a `Parse`/`ParseWithClaims`/`Verify` call. Such peeks are notes.
 */
function peeksBeforeVerifying(call: Node): boolean {
  const fn = ancestor(call, FUNCTION_NODE_TYPES);
  const targets = assignedTargets(call);
  if (!fn || !targets) return false;
  const claimsArg = callArguments(call)[1];
  const names = [targets[0]?.text, claimsArg?.type === 'identifier' ? claimsArg.text : undefined].filter((n): n is string => !!n && n !== '_');
  const uses = descendants(fn, 'identifier').filter((id) => names.includes(id.text) && id.startIndex > call.endIndex);
  const peek = (id: Node): boolean => {
    const sel = id.parent?.type === 'selector_expression' && field(id.parent, 'operand')?.id === id.id ? id.parent : undefined;
    const member = sel ? field(sel, 'field')?.text : undefined;
    if (member === 'Header' && sel?.parent?.type === 'index_expression') return /^"(kid|alg|typ|jku|x5t)"$/.test(field(sel.parent, 'index')?.text ?? '');
    if (member === 'Issuer' || member === 'GetIssuer') return true;
    if (member === 'Claims') return /\.Claims\.\(|\["iss"\]|\.Issuer|GetIssuer/.test(sel?.parent?.parent?.text ?? '');
    return id.parent?.type === 'index_expression' && field(id.parent, 'index')?.text === '"iss"';
  };
  if (uses.length === 0 || !uses.every(peek)) return false;
  return descendants(fn, 'call_expression').some(
    (c) => c.startIndex > call.endIndex && /(^|\.)(Parse|ParseWithClaims|Verify)$/.test(field(c, 'function')?.text ?? ''),
  );
}

/** lestrrat-go/jwx: `jwt.ParseInsecure(…)` and `jwt.Parse(…, jwt.WithVerify(false))` skip the signature too. */
function checkJwx(root: Node, jwx: Set<string>, report: RuleContext['report']): void {
  for (const call of descendants(root, 'call_expression')) {
    const q = qualified(field(call, 'function'));
    if (!q || !jwx.has(q[0])) continue;
    if (q[1] === 'ParseInsecure' || q[1] === 'ParseStringInsecure' || q[1] === 'ParseRequestInsecure') {
      const range = rangeOf(field(field(call, 'function'), 'field')!);
      if (peeksBeforeVerifying(call)) report({ range, severity: 'note', messageId: 'jwxPeek', data: { call: q[1] } });
      else report({ range, messageId: 'jwxUnverified', data: { call: q[1] } });
    } else if (q[1] === 'WithVerify' && callArguments(call)[0]?.text === 'false') {
      report({ range: rangeOf(call), messageId: 'jwxWithVerifyFalse' });
    }
  }
}

/**
 * `tok, parts, err := p.ParseUnverified(s, c)` → `tok, err := p.ParseWithClaims(s, c, <key func>)`
 * (also `=` and `var … =`), when `parts` is `_` or unused afterwards. ParseWithClaims returns
 * two values, so any other shape (a `return`, a used `parts`) gets no fix.
 */
function rewriteFix(file: SyntaxTreeFile, call: Node, method: Node, pkg: string): Fix | undefined {
  const targets = assignedTargets(call);
  const args = callArguments(call);
  if (!targets || targets.length !== 3 || args.length !== 2 || args.some((a) => a.type === 'variadic_argument')) return undefined;
  const [first, parts, last] = targets;
  if (parts.text !== '_' && usedAfter(parts, call)) return undefined;
  // `_, _ :=` declares nothing and does not compile.
  if (first.text === '_' && last.text === '_' && call.parent?.parent?.type === 'short_var_declaration') return undefined;
  const root = file.tree.rootNode;
  const imports = goImports(root);
  const localName = (path: string) => [...imports].find(([, p]) => p === path)?.[0] ?? path;
  const lastArg = args[args.length - 1];
  // Arguments one per line get the key func on a line of its own, as gofmt would lay it out.
  const ownLine = lastArg.startPosition.row > (field(call, 'arguments')?.startPosition.row ?? 0);
  const indent = lineIndent(file.text, lastArg.startIndex);
  const keyFunc = [
    `func(token *${pkg}.Token) (interface{}, error) {`,
    `${indent}\tif _, ok := token.Method.(*${pkg}.SigningMethodHMAC); !ok {`,
    `${indent}\t\treturn nil, ${localName('fmt')}.Errorf("unexpected signing method %v", token.Header["alg"])`,
    `${indent}\t}`,
    `${indent}\treturn []byte(${localName('os')}.Getenv("JWT_SIGNING_KEY")), nil`,
    `${indent}}`,
  ].join('\n');
  return {
    title: 'Verify the token: ParseWithClaims with a key function that checks the signing method',
    edits: [
      // Drops `, parts` and keeps the user's spacing and names.
      { range: { start: first.endIndex, end: parts.endIndex }, newText: '' },
      { range: rangeOf(method), newText: 'ParseWithClaims' },
      { range: { start: lastArg.endIndex, end: lastArg.endIndex }, newText: `,${ownLine ? `\n${indent}` : ' '}${keyFunc}` },
      ...addImports(root, ['fmt', 'os']),
    ],
  };
}

/** The names assigned by `a, b, c := call`, `a, b, c = call` or `var a, b, c = call`, when the call is the only value. */
function assignedTargets(call: Node): Node[] | undefined {
  const values = call.parent;
  const statement = values?.parent;
  if (values?.type !== 'expression_list' || named(values).length !== 1 || !statement) return undefined;
  if (statement.type === 'short_var_declaration' || (statement.type === 'assignment_statement' && statement.child(1)?.text === '=')) {
    const left = named(field(statement, 'left'));
    return left.every((t) => t.type === 'identifier') ? left : undefined;
  }
  if (statement.type === 'var_spec' && !field(statement, 'type')) {
    return statement.childrenForFieldName('name').filter((n): n is Node => n !== null);
  }
  return undefined;
}

/** Whether the variable is read after the call, within its function (unresolvable at package level: assume so). */
function usedAfter(variable: Node, call: Node): boolean {
  const fn = ancestor(call, FUNCTION_NODE_TYPES);
  if (!fn) return true;
  return descendants(fn, 'identifier').some((id) => id.text === variable.text && id.startIndex > call.endIndex);
}
