import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { ancestor, descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix, RuleContext, SyntaxTreeFile, TextEdit } from '../../engine/types';
import { claimsExpiry, type Expiry } from './support/claims';
import { callArguments, FUNCTION_NODE_TYPES, goImports, lineIndent, qualified, resolveValue, unwrapParens } from './support/goSyntax';
import { addImports } from './support/imports';
import { JWT_PATHS, jwtPackages } from './support/jwtLibraries';

export default defineTreeRule(
  {
    id: 'go/jwt-no-expiry',
    title: 'JWT signed without an expiry',
    description: 'A JWT signed with claims that carry no `exp`, or parsed with claims validation turned off, so its tokens never expire.',
    messages: {
      noExp: 'These claims have no exp, and the token signed with them never expires',
      withoutClaimsValidation: 'WithoutClaimsValidation accepts expired tokens (exp, nbf and iat are not checked)',
      skipClaimsValidation: 'SkipClaimsValidation: true accepts expired tokens (exp, nbf and iat are not checked)',
      noExpSet: 'No "exp" is set on these claims, and the token signed with them never expires',
    },
    severity: 'warning',
    cwe: [613],
    stride: ['Spoofing', 'Elevation of Privilege'],
    threat: { ids: ['BS-20', 'BS-24'], summary: 'Self-created or leaked tokens that never expire keep working' },
    remediation:
      'Set an expiry on every token — `ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute))` or `"exp": time.Now().Add(time.Hour).Unix()` — keep it short, and on v5 require it when parsing with `jwt.WithExpirationRequired()`.',
    fixable: true,
    languages: ['go'],
    scope: { requiresImport: JWT_PATHS },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const packages = jwtPackages(root);
    const reported = new Set<number>();
    for (const call of descendants(root, 'call_expression')) {
      const fn = field(call, 'function');
      if (fn?.type !== 'selector_expression' || field(fn, 'field')?.text !== 'SignedString') continue;
      const token = unwrapParens(field(fn, 'operand'));
      const created = unwrapParens(resolveValue(token, root));
      if (created?.type !== 'call_expression') continue;
      const q = qualified(field(created, 'function'));
      if (!q || !packages.has(q[0])) continue;
      const pkg = q[0];
      if (q[1] === 'NewWithClaims') {
        const expiry = claimsExpiry(callArguments(created)[1], root, packages);
        if (expiry.state !== 'missing' || reported.has(expiry.literal.startIndex)) continue;
        reported.add(expiry.literal.startIndex);
        const at = expiry.embedded?.literal ?? expiry.literal;
        report({
          range: rangeOf(field(at, 'type') ?? at),
          messageId: 'noExp',
          related: [{ range: rangeOf(call), message: 'the token is signed here' }],
          fix: literalFix(file, expiry, pkg),
        });
      } else if (q[1] === 'New' && token?.type === 'identifier') {
        checkLegacyClaims(file, token, call, pkg, packages, report, reported);
      }
    }
    checkSkippedValidation(file, packages, report);
  },
);

/**
 * The parsing side: `jwt.WithoutClaimsValidation()` (v4.5+/v5) and `jwt.Parser{SkipClaimsValidation: true}`
 * (v3/v4) accept tokens whatever their exp says.
 */
function checkSkippedValidation(file: SyntaxTreeFile, packages: Set<string>, report: RuleContext['report']): void {
  const root = file.tree.rootNode;
  for (const call of descendants(root, 'call_expression')) {
    const q = qualified(field(call, 'function'));
    if (!q || !packages.has(q[0]) || q[1] !== 'WithoutClaimsValidation') continue;
    const list = call.parent;
    const siblings = list?.type === 'argument_list' ? named(list).filter((n) => n.type !== 'comment') : [];
    const index = siblings.findIndex((n) => n.id === call.id);
    // Drop the option with the comma before it (it is never the first argument of Parse/NewParser… unless alone).
    const range =
      index > 0
        ? { start: siblings[index - 1].endIndex, end: call.endIndex }
        : index === 0 && siblings.length > 1
          ? { start: call.startIndex, end: siblings[1].startIndex }
          : index === 0
            ? rangeOf(call)
            : undefined;
    report({
      range: rangeOf(call),
      messageId: 'withoutClaimsValidation',
      fix: range ? { title: 'Validate the claims (remove WithoutClaimsValidation)', edits: [{ range, newText: '' }] } : undefined,
    });
  }
  for (const literal of descendants(root, 'composite_literal')) {
    const q = qualified(field(literal, 'type'));
    if (!q || !packages.has(q[0]) || q[1] !== 'Parser') continue;
    for (const element of descendants(literal, 'keyed_element')) {
      if (!/^SkipClaimsValidation\s*:\s*true$/.test(element.text)) continue;
      const value = named(element)[1];
      report({
        range: rangeOf(element),
        messageId: 'skipClaimsValidation',
        fix: value ? { title: 'Validate the claims (SkipClaimsValidation: false)', edits: [{ range: rangeOf(value), newText: 'false' }] } : undefined,
      });
    }
  }
}

/**
 * `token := jwt.New(m)` then either `token.Claims = <literal>` or
 * `claims := token.Claims.(jwt.MapClaims); claims["sub"] = …` before `token.SignedString`.
 */
function checkLegacyClaims(
  file: SyntaxTreeFile,
  token: Node,
  signing: Node,
  pkg: string,
  packages: Set<string>,
  report: RuleContext['report'],
  reported: Set<number>,
): void {
  const scope = ancestor(signing, FUNCTION_NODE_TYPES);
  if (!scope) return;
  const root = file.tree.rootNode;
  const before = (n: Node) => n.endIndex <= signing.startIndex;
  for (const assignment of descendants(scope, 'assignment_statement')) {
    const left = named(field(assignment, 'left'))[0];
    if (!before(assignment) || left?.text.replace(/\s/g, '') !== `${token.text}.Claims`) continue;
    const expiry = claimsExpiry(named(field(assignment, 'right'))[0], root, packages);
    if (expiry.state !== 'missing' || reported.has(expiry.literal.startIndex)) continue;
    reported.add(expiry.literal.startIndex);
    const at = expiry.embedded?.literal ?? expiry.literal;
    report({
      range: rangeOf(field(at, 'type') ?? at),
      messageId: 'noExp',
      related: [{ range: rangeOf(signing), message: 'the token is signed here' }],
      fix: literalFix(file, expiry, pkg),
    });
  }
  // claims := token.Claims.(jwt.MapClaims)
  for (const assertion of descendants(scope, 'type_assertion_expression')) {
    if (
      !before(assertion) ||
      field(assertion, 'operand')?.text.replace(/\s/g, '') !== `${token.text}.Claims` ||
      !field(assertion, 'type')?.text.endsWith('MapClaims')
    )
      continue;
    const declaration = assertion.parent?.parent;
    const name = declaration?.type === 'short_var_declaration' ? named(field(declaration, 'left'))[0]?.text : undefined;
    if (!name || reported.has(assertion.startIndex)) continue;
    const writes = descendants(scope, 'assignment_statement').filter(
      (a) => before(a) && a.startIndex > assertion.endIndex && named(field(a, 'left'))[0]?.text.replace(/\s/g, '').startsWith(`${name}[`),
    );
    if (writes.some((w) => /^\w+\["exp"\]$/.test(named(field(w, 'left'))[0]?.text.replace(/\s/g, '') ?? ''))) continue;
    // Handed to other code, or written with a computed key: unknown.
    if (writes.some((w) => !/^\w+\["[^"]*"\]$/.test(named(field(w, 'left'))[0]?.text.replace(/\s/g, '') ?? ''))) continue;
    reported.add(assertion.startIndex);
    const last = writes[writes.length - 1] ?? declaration;
    const indent = lineIndent(file.text, last!.startIndex);
    report({
      range: rangeOf(assertion),
      messageId: 'noExpSet',
      related: [{ range: rangeOf(signing), message: 'the token is signed here' }],
      fix: {
        title: 'Expire the token after an hour',
        edits: [
          {
            range: { start: last!.endIndex, end: last!.endIndex },
            newText: `\n${indent}${name}["exp"] = ${timeAlias(root)}.Now().Add(${timeAlias(root)}.Hour).Unix()`,
          },
          ...timeImport(root),
        ],
      },
    });
  }
}

/** Adds the expiry to the claims literal: an `"exp"` entry, an `ExpiresAt` field, or the embedded claims with one. */
function literalFix(file: SyntaxTreeFile, expiry: Extract<Expiry, { state: 'missing' }>, pkg: string): Fix | undefined {
  const root = file.tree.rootNode;
  const time = timeAlias(root);
  const numericDate = `${pkg}.NewNumericDate(${time}.Now().Add(${time}.Hour))`;
  const unix = `${time}.Now().Add(${time}.Hour).Unix()`;
  let target = expiry.literal;
  let element: string;
  if (expiry.kind === 'map') element = `"exp": ${unix}`;
  else if (expiry.kind === 'registered') element = `ExpiresAt: ${numericDate}`;
  else if (expiry.kind === 'standard') element = `ExpiresAt: ${unix}`;
  else if (expiry.embedded?.literal) {
    target = expiry.embedded.literal;
    element = expiry.embedded.name === 'RegisteredClaims' ? `ExpiresAt: ${numericDate}` : `ExpiresAt: ${unix}`;
  } else if (expiry.embedded) {
    const value = expiry.embedded.name === 'RegisteredClaims' ? `ExpiresAt: ${numericDate}` : `ExpiresAt: ${unix}`;
    element = `${expiry.embedded.name}: ${pkg}.${expiry.embedded.name}{${value}}`;
  } else return undefined;
  const edit = insertElement(file.text, target, element);
  return edit ? { title: 'Expire the token after an hour', edits: [edit, ...timeImport(root)] } : undefined;
}

/** Appends an element to a composite literal, one per line when its elements are, else inline. */
function insertElement(text: string, literal: Node, element: string): TextEdit | undefined {
  const body = field(literal, 'body');
  if (!body) return undefined;
  const elements = named(body).filter((n) => n.type !== 'comment');
  const last = elements[elements.length - 1];
  if (!last) return { range: { start: body.startIndex + 1, end: body.endIndex - 1 }, newText: element };
  const multiline = last.endPosition.row < body.endPosition.row;
  if (multiline) {
    // gofmt keeps a trailing comma after the last element of a multi-line literal.
    const comma = text.indexOf(',', last.endIndex);
    if (comma < 0 || comma > body.endIndex) return undefined;
    return { range: { start: comma + 1, end: comma + 1 }, newText: `\n${lineIndent(text, last.startIndex)}${element},` };
  }
  const comma = text.slice(last.endIndex, body.endIndex - 1).indexOf(',');
  if (comma >= 0) return { range: { start: last.endIndex + comma + 1, end: last.endIndex + comma + 1 }, newText: ` ${element}` };
  return { range: { start: last.endIndex, end: last.endIndex }, newText: `, ${element}` };
}

function timeAlias(root: Node): string {
  return [...goImports(root)].find(([, p]) => p === 'time')?.[0] ?? 'time';
}

function timeImport(root: Node): TextEdit[] {
  return addImports(root, ['time']);
}
