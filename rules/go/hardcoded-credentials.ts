import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { isPlaceholder, secretValueKind, type SecretKind } from '../common/secrets';
import { ancestor, descendants, field, rangeOf } from '../../engine/syntax';
import type { Fix, OffsetRange, RuleContext, SyntaxTreeFile } from '../../engine/types';
import { dsnHost, dsnPassword } from '../common/dsn';
import { isLoopbackHost } from '../common/hosts';
import { callArguments, goImports, goStringValue, isStringLiteral, qualified, resolveValue, unwrapParens } from './support/goSyntax';
import { addImports } from './support/imports';
import { concatenationText, keyedElements } from './support/literals';
import { verbsOf } from './support/stringBuild';

/** Client config types whose `Password`/`Passwd` field is a database or cache password. */
const DB_CONFIG_PACKAGES = [
  /^github\.com\/go-sql-driver\/mysql$/,
  /^github\.com\/jackc\/(pgx(\/v\d+)?|pgconn)$/,
  /^github\.com\/go-pg\/pg(\/v\d+)?$/,
  /^github\.com\/(redis\/go-redis|go-redis\/redis)(\/v\d+)?$/,
];

/** Kinds reported from a literal's value alone; a JWT in source is almost always a test sample. */
const VALUE_KINDS: ReadonlySet<SecretKind> = new Set(['private key', 'AWS access key', 'GitHub token', 'Slack token']);

export default defineTreeRule(
  {
    id: 'go/hardcoded-credentials',
    title: 'Credentials in Go source',
    description: 'A password or other credential written in Go source: in a connection string, a client config or a credential-named constant.',
    messages: {
      credential: '{{kind}} {{shown}} is written in the source; load it from the environment or a secret store',
      password: '{{call}} password {{text}} is written in the source; read it from the environment or a secret store',
      dsnFormatted: 'Database password {{password}} is written in the source and formatted into a DSN; read it from the environment or a secret store',
      dsnLocal: 'Connection string to a local database carries the password {{password}}; keep such defaults out of production code paths',
      dsn: 'Connection string carries the password {{password}} in the source; read the DSN from the environment or a secret store',
    },
    severity: 'error',
    cwe: [798, 259],
    stride: ['Information Disclosure', 'Spoofing', 'Elevation of Privilege'],
    threat: { ids: ['BS-28', 'PILLAR-CODE-3'], summary: 'Constant Postgres credentials in DB strings are extracted and used against the database' },
    remediation:
      'Read the connection string or password from the environment or a secret store at start-up (`os.Getenv("DATABASE_URL")`, a mounted Kubernetes Secret), rotate the credential that was committed, and keep dev defaults out of code paths that run in production.',
    fixable: true,
    languages: ['go'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    for (const literal of descendants(root, ['interpreted_string_literal', 'raw_string_literal'])) {
      const value = goStringValue(literal) ?? '';
      const kind = secretValueKind(value);
      if (kind && VALUE_KINDS.has(kind)) {
        const shown = kind === 'private key' ? `block (${value.length} chars)` : maskSecret(secretPart(kind, value));
        report({ range: rangeOf(literal), messageId: 'credential', data: { kind, shown } });
        continue;
      }
      const dsn = concatenationText(literal);
      const password = dsnPassword(dsn);
      if (!password || isPlaceholder(password.value) || password.value.includes('%')) continue;
      const at = passwordOffset(literal.text, password.value);
      // In a concatenation, only the piece that holds the password reports it.
      if (at < 0 && literal.parent?.type === 'binary_expression') continue;
      const range = at < 0 ? rangeOf(literal) : { start: literal.startIndex + at, end: literal.startIndex + at + password.value.length };
      reportDsn(report, file, literal, range, password.value, dsnHost(dsn));
    }
    sprintfPasswords(file, report);
    for (const literal of descendants(root, 'composite_literal')) {
      const q = qualified(field(literal, 'type'));
      const path = q ? goImports(root).get(q[0]) : undefined;
      if (!path || !DB_CONFIG_PACKAGES.some((re) => re.test(path))) continue;
      for (const e of keyedElements(literal)) {
        if (e.keyText !== 'Password' && e.keyText !== 'Passwd') continue;
        const v = unwrapParens(resolveValue(e.value, root));
        const text = v && isStringLiteral(v) ? (goStringValue(v) ?? '') : '';
        if (!v || !text || isPlaceholder(text)) continue;
        report({ range: rangeOf(v), messageId: 'password', data: { call: q?.join('.'), text: maskSecret(text) } });
      }
    }
  },
);

/** `fmt.Sprintf("… password=%s …", …, "literal")`: the password is a literal argument (or a constant). */
function sprintfPasswords(file: SyntaxTreeFile, report: RuleContext['report']): void {
  const root = file.tree.rootNode;
  const fmt = [...goImports(root)].find(([, p]) => p === 'fmt')?.[0];
  for (const call of descendants(root, 'call_expression')) {
    const q = qualified(field(call, 'function'));
    if (!q || q[0] !== fmt || q[1] !== 'Sprintf') continue;
    const args = callArguments(call);
    const format = unwrapParens(resolveValue(args[0], root));
    const text = format && isStringLiteral(format) ? (goStringValue(format) ?? '') : '';
    const verb = /(?:^|\s)password\s*=\s*'?%[sv]|:\/\/[^\s:/@]*:%[sv]@/i.exec(text);
    if (!verb) continue;
    const arg = args[1 + verbsOf(text.slice(0, verb.index + verb[0].length - 2)).length];
    const value = unwrapParens(resolveValue(arg, root));
    const password = value && isStringLiteral(value) ? (goStringValue(value) ?? '') : '';
    if (!value || !password || isPlaceholder(password)) continue;
    const host = dsnHost(text);
    const local = isLoopbackHost(host);
    report({
      range: rangeOf(value),
      severity: local ? 'note' : undefined,
      messageId: 'dsnFormatted',
      data: { password: maskSecret(password) },
      related: value.startIndex === arg?.startIndex ? undefined : [{ range: rangeOf(call), message: 'the DSN is built here' }],
    });
  }
}

function reportDsn(report: RuleContext['report'], file: SyntaxTreeFile, literal: Node, range: OffsetRange, password: string, host: string | undefined): void {
  const local = isLoopbackHost(host);
  report({
    range,
    severity: local ? 'note' : undefined,
    messageId: local ? 'dsnLocal' : 'dsn',
    data: { password: maskSecret(password) },
    fix: local ? undefined : envFix(file, literal),
  });
}

/** A whole-DSN literal (not a piece of a concatenation, not a format, not in a const) → `os.Getenv("DATABASE_URL")`. */
function envFix(file: SyntaxTreeFile, literal: Node): Fix | undefined {
  const parent = literal.parent;
  if (ancestor(literal, ['const_spec']) || parent?.type === 'binary_expression' || (goStringValue(literal) ?? '').includes('%')) return undefined;
  return {
    title: 'Read the connection string from the DATABASE_URL environment variable',
    edits: [{ range: rangeOf(literal), newText: 'os.Getenv("DATABASE_URL")' }, ...addImports(file.tree.rootNode, ['os'])],
  };
}

/** The part of a value to show masked: the key itself, not the text around it. */
function secretPart(kind: SecretKind, value: string): string {
  if (kind === 'AWS access key') return /\b(AKIA|ASIA)[0-9A-Z]{16}\b/.exec(value)?.[0] ?? value;
  return value.trim();
}

/** Offset of the password in a literal's source text: after `user:` (URL, mysql) or `password=`. */
function passwordOffset(source: string, password: string): number {
  for (const [before, after] of [
    [':', '@'],
    ['=', ''],
    ["='", "'"],
  ]) {
    const at = source.indexOf(`${before}${password}${after}`);
    if (at >= 0) return at + before.length;
  }
  return -1;
}
