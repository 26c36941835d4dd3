import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../core/defineRule';
import type { Fix, SyntaxTreeFile } from '../core/types';
import { callArguments, qualified, resolveValue } from './support/goSyntax';
import { addImports } from './support/imports';
import { jwtPackages } from './support/jwtLibraries';
import { ancestor, descendants, field, named, rangeOf, unparen } from '../core/syntax';

export default defineTreeRule(
  {
    id: 'go/jwt-parse-unverified',
    title: 'JWT parsed without verifying its signature',
    description:
      '`(*jwt.Parser).ParseUnverified` decodes a token without checking its signature: anyone can write a token with any claims (`admin: true`, another user\'s id) and it is accepted. It exists for reading a token\'s header before choosing a key, never for authentication. Recognised for `github.com/golang-jwt/jwt` (v4, v5), `github.com/dgrijalva/jwt-go` and forks by import path and alias, on `new(jwt.Parser)`, `&jwt.Parser{}`, `jwt.NewParser(…)` and variables holding one; a `ParseUnverified` method of another type is not reported.',
    severity: 'error',
    cwe: [347, 345],
    stride: ['Spoofing', 'Tampering'],
    threat: { seed: '000', ref: 'row 23', summary: 'Token signatures are not verified, so users forge their own tokens' },
    remediation:
      'Use `ParseWithClaims` (or `Parse`) with a key function that checks `token.Method` and returns the verification key, and on v5 pass `jwt.WithValidMethods([]string{"HS256"})`.',
    fixable: true,
    languages: ['go'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const packages = jwtPackages(root);
    if (packages.size === 0) return;
    for (const call of descendants(root, 'call_expression')) {
      const fn = field(call, 'function');
      const method = fn?.type === 'selector_expression' ? field(fn, 'field') : undefined;
      if (!fn || method?.text !== 'ParseUnverified') continue;
      const receiver = field(fn, 'operand');
      const pkg = receiver && parserPackage(receiver, root, packages);
      if (!pkg) continue;
      report({
        range: rangeOf(method),
        message: 'ParseUnverified accepts any token without checking its signature; anyone can forge the claims it returns',
        fix: rewriteFix(file, call, method, pkg),
      });
    }
  },
);

/** The jwt package alias when `node` evaluates to a *jwt.Parser, else undefined. */
function parserPackage(node: Node, root: Node, packages: Set<string>): string | undefined {
  const value = unparen(resolveValue(node, root));
  if (!value) return undefined;
  if (value.type === 'identifier') return declaredParserType(value, root, packages);
  if (value.type === 'unary_expression') return parserPackage(named(value)[0], root, packages);
  if (value.type === 'composite_literal') return isParserType(field(value, 'type'), packages);
  if (value.type === 'call_expression') {
    const fn = field(value, 'function');
    if (fn?.type === 'identifier' && fn.text === 'new') return isParserType(callArguments(value)[0], packages);
    const q = qualified(fn);
    if (q && packages.has(q[0]) && q[1] === 'NewParser') return q[0];
  }
  return undefined;
}

function isParserType(type: Node | undefined, packages: Set<string>): string | undefined {
  const q = qualified(type);
  return q && packages.has(q[0]) && q[1] === 'Parser' ? q[0] : undefined;
}

/** `var p jwt.Parser`, `var p *jwt.Parser`, or a parameter `p *jwt.Parser`. */
function declaredParserType(identifier: Node, root: Node, packages: Set<string>): string | undefined {
  const fn = ancestor(identifier, ['function_declaration', 'method_declaration', 'func_literal']);
  const scopes = [fn, root].filter((s): s is Node => s !== undefined);
  for (const scope of scopes) {
    for (const decl of descendants(scope, ['var_spec', 'parameter_declaration'])) {
      if (!decl.childrenForFieldName('name').some((n) => n?.text === identifier.text)) continue;
      let type = field(decl, 'type');
      if (type?.type === 'pointer_type') type = named(type)[0];
      const pkg = isParserType(type, packages);
      if (pkg) return pkg;
    }
  }
  return undefined;
}

/**
 * `a, parts, err := p.ParseUnverified(s, c)` → `a, err := p.ParseWithClaims(s, c, <keyfunc>)`,
 * when the statement has that shape and `parts` is unused; otherwise no fix is offered.
 */
function rewriteFix(file: SyntaxTreeFile, call: Node, method: Node, pkg: string): Fix | undefined {
  const statement = call.parent?.parent;
  if (!statement || (statement.type !== 'short_var_declaration' && statement.type !== 'assignment_statement')) return undefined;
  const left = field(statement, 'left');
  const targets = named(left);
  const args = callArguments(call);
  if (!left || targets.length !== 3 || args.length !== 2 || named(field(statement, 'right')).length !== 1) return undefined;
  const parts = targets[1].text;
  const fn = ancestor(statement, ['function_declaration', 'method_declaration', 'func_literal']);
  if (parts !== '_' && fn && descendants(fn, 'identifier').some((id) => id.text === parts && id.startIndex > statement.endIndex)) return undefined;
  const kept = [targets[0].text, targets[2].text];
  if (statement.type === 'short_var_declaration' && kept.every((t) => t === '_')) return undefined;
  const { text } = file;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const keyFunc = [
    `func(token *${pkg}.Token) (interface{}, error) {`,
    `${indent}\tif _, ok := token.Method.(*${pkg}.SigningMethodHMAC); !ok {`,
    `${indent}\t\treturn nil, fmt.Errorf("unexpected signing method %v", token.Header["alg"])`,
    `${indent}\t}`,
    `${indent}\treturn []byte(os.Getenv("JWT_SIGNING_KEY")), nil`,
    `${indent}}`,
  ].join('\n');
  const lastArg = args[args.length - 1];
  return {
    title: 'Verify the token: ParseWithClaims with a key function that checks the signing method',
    edits: [
      { range: rangeOf(left), newText: kept.join(', ') },
      { range: rangeOf(method), newText: 'ParseWithClaims' },
      { range: { start: lastArg.endIndex, end: lastArg.endIndex }, newText: `, ${keyFunc}` },
      ...addImports(file.tree.rootNode, ['fmt', 'os']),
    ],
  };
}
