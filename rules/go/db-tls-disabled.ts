import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { ancestor, descendants, field, named, rangeOf } from '../../engine/syntax';
import type { OffsetRange, RuleContext } from '../../engine/types';
import { dsnHost, SSLMODE_DISABLE } from '../common/dsn';
import { isLoopbackHost } from '../common/hosts';
import { callArguments, FUNCTION_NODE_TYPES, goImports, goStringValue, isStringLiteral, qualified, resolveValue, unwrapParens } from './support/goSyntax';
import { concatenationText } from './support/literals';
import { verbsOf } from './support/stringBuild';

export default defineTreeRule(
  {
    id: 'go/db-tls-disabled',
    title: 'Database connection without TLS',
    description: 'A Postgres connection string with `sslmode=disable`, which sends the password and every row in cleartext.',
    messages: {
      sslDisabledLocal: 'sslmode=disable on a local connection: fine on this machine, but make sure the deployed DSN requires TLS',
      sslDisabled: 'sslmode=disable sends the database password and data in cleartext; use sslmode=verify-full',
    },
    severity: 'warning',
    cwe: [319],
    stride: ['Information Disclosure', 'Tampering'],
    threat: { ids: ['BS-27', 'BS-28'], summary: 'Cleartext connections between services and Postgres; DB strings with sslmode=disable' },
    remediation:
      'Use `sslmode=verify-full` (encrypts and checks the server certificate and host name) with `sslrootcert=` pointing at the database CA, and enable TLS on the server. `require` encrypts but does not authenticate the server.',
    fixable: true,
    languages: ['go'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    for (const literal of descendants(root, ['interpreted_string_literal', 'raw_string_literal'])) {
      const match = SSLMODE_DISABLE.exec(literal.text);
      if (!match) continue;
      const start = literal.startIndex + match.index + match[0].length - match[1].length;
      const host = dsnHost(concatenationText(literal));
      emit(report, { start, end: start + match[1].length }, host, undefined);
    }
    // fmt.Sprintf("… sslmode=%s", …, "disable"): the mode comes in as an argument.
    const fmt = [...goImports(root)].find(([, path]) => path === 'fmt')?.[0];
    for (const call of descendants(root, 'call_expression')) {
      const q = qualified(field(call, 'function'));
      if (!q || q[0] !== fmt || (q[1] !== 'Sprintf' && q[1] !== 'Fprintf')) continue;
      const args = callArguments(call).slice(q[1] === 'Fprintf' ? 1 : 0);
      const format = unwrapParens(resolveValue(args[0], root));
      const text = format && isStringLiteral(format) ? (goStringValue(format) ?? '') : '';
      const verb = /\bsslmode\s*=\s*'?%[sv]/i.exec(text);
      if (!verb) continue;
      const value = possibleValues(args[1 + verbsOf(text.slice(0, verb.index)).length], root).find((v) => goStringValue(v)?.toLowerCase() === 'disable');
      if (!value) continue;
      const content = { start: value.startIndex + 1, end: value.endIndex - 1 };
      emit(report, content, dsnHost(text), { range: rangeOf(call), message: 'the DSN is built here' });
    }
  },
);

/**
 * The string literals a mode argument may hold: the literal itself, or every value assigned
 * to the variable before the call in its function (`mode := "disable"; if … { mode = "require" }`
 * still connects without TLS by default), else its package-level value.
 */
function possibleValues(arg: Node | undefined, root: Node): Node[] {
  const node = unwrapParens(arg);
  if (!node) return [];
  if (node.type !== 'identifier') {
    const value = unwrapParens(resolveValue(node, root));
    return value && isStringLiteral(value) ? [value] : [];
  }
  const fn = ancestor(node, FUNCTION_NODE_TYPES);
  const values: Node[] = [];
  for (const statement of fn ? descendants(fn, ['short_var_declaration', 'assignment_statement', 'var_spec']) : []) {
    if (statement.startIndex > node.startIndex) continue;
    const left = statement.type === 'var_spec' ? statement.childrenForFieldName('name').filter((n): n is Node => n !== null) : named(field(statement, 'left'));
    const right = named(statement.type === 'var_spec' ? field(statement, 'value') : field(statement, 'right'));
    const i = left.findIndex((n) => n.text === node.text);
    const value = unwrapParens(resolveValue(right[i], root));
    if (i >= 0 && value && isStringLiteral(value)) values.push(value);
  }
  if (values.length > 0) return values;
  const value = unwrapParens(resolveValue(node, root));
  return value && isStringLiteral(value) ? [value] : [];
}

function emit(report: RuleContext['report'], range: OffsetRange, host: string | undefined, related: { range: OffsetRange; message: string } | undefined): void {
  const local = isLoopbackHost(host);
  report({
    range,
    severity: local ? 'note' : undefined,
    messageId: local ? 'sslDisabledLocal' : 'sslDisabled',
    related: related ? [related] : undefined,
    // verify-full would break a local socket connection: the fix is offered for remote hosts only.
    fix: local ? undefined : { title: 'Require TLS with certificate checks (sslmode=verify-full)', edits: [{ range, newText: 'verify-full' }] },
  });
}
