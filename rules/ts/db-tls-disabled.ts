import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, rangeOf } from '../../engine/syntax';
import type { Fix, Severity } from '../../engine/types';
import { dsnHost } from '../common/dsn';
import { isLoopbackHost } from '../common/hosts';
import { isConnectionObject, keyName, literalHost, owningPair, usesDatabase } from './support/dbConfig';
import { importsAny, stringValue, unwrapParens } from './support/modules';

/** Connection-string parameters that turn TLS or its verification off, and the safe value. */
const URL_SETTINGS: { pattern: RegExp; safe: string; plaintext: boolean }[] = [
  { pattern: /\bsslmode=disable\b/i, safe: 'sslmode=verify-full', plaintext: true },
  { pattern: /\bsslmode=no-verify\b/i, safe: 'sslmode=verify-full', plaintext: false },
  { pattern: /\bssl-mode=disabled\b/i, safe: 'ssl-mode=VERIFY_IDENTITY', plaintext: true },
  { pattern: /\b(ssl|tls|useSSL)=false\b/i, safe: '', plaintext: true },
  { pattern: /\b(tlsAllowInvalidCertificates|tlsAllowInvalidHostnames|tlsInsecure)=true\b/i, safe: '', plaintext: false },
];

const DB_URL = /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|sqlserver|mssql):\/\//i;

export default defineTreeRule(
  {
    id: 'ts/db-tls-disabled',
    title: 'Database connection without TLS or certificate checks',
    description: 'A database connection with TLS or certificate checks turned off in its connection string or options, or by `NODE_TLS_REJECT_UNAUTHORIZED=0`.',
    messages: {
      urlNotEncrypted: '{{match}}: the database connection is not encrypted',
      urlCertificateUnchecked: "{{match}}: the database server's certificate is not checked",
      rejectUnauthorized: "rejectUnauthorized: false: the database server's certificate is not checked, so anyone in the path can impersonate it",
      optionNotEncrypted: '{{key}}: false: the database connection is not encrypted',
      optionCertificateUnchecked: "{{key}}: true: the database server's certificate is not checked",
      processWide: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for every TLS connection of the process, the database included',
    },
    severity: 'error',
    cwe: [319, 295],
    stride: ['Information Disclosure', 'Tampering'],
    threat: { ids: ['BS-28'], summary: 'Cleartext connections between the services and the database' },
    remediation:
      "Require TLS and verify the server: `sslmode=verify-full` in the URL, or `ssl: { rejectUnauthorized: true, ca: fs.readFileSync('/etc/ssl/db-ca.pem', 'utf8') }` in the options (the provider's CA bundle for managed databases).",
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    // Cheap pre-check: none of the settings is named anywhere in the text.
    if (!/ssl|tls|rejectUnauthorized/i.test(file.text)) return;
    const root = file.tree.rootNode;
    for (const literal of descendants(root, ['string', 'template_string'])) {
      const value = literal.type === 'string' ? stringValue(literal) : literal.text.slice(1, -1);
      if (!value || !(DB_URL.test(value) || /\bhost=\S+/.test(value)) || isLoopbackHost(dsnHost(value))) continue;
      for (const setting of URL_SETTINGS) {
        const match = setting.pattern.exec(value);
        const at = match ? literal.text.indexOf(match[0]) : -1;
        if (!match || at < 0) continue;
        const range = { start: literal.startIndex + at, end: literal.startIndex + at + match[0].length };
        report({
          range,
          severity: severity(setting.plaintext),
          messageId: setting.plaintext ? 'urlNotEncrypted' : 'urlCertificateUnchecked',
          data: { match: match[0] },
          fix: { title: 'Require TLS with certificate checks', edits: [{ range, newText: setting.safe || flip(match[0]) }] },
        });
      }
    }
    const db = usesDatabase(root);
    const pgOnly =
      importsAny(root, ['pg', 'pg-pool', 'postgres', 'sequelize', 'knex', 'typeorm', '@nestjs/typeorm']) &&
      !importsAny(root, ['mysql', 'mysql2', 'mysql2/promise']);
    for (const pair of db ? descendants(root, 'pair') : []) {
      const key = keyName(pair);
      const value = unwrapParens(field(pair, 'value'));
      const object = pair.parent;
      if (!value || object?.type !== 'object') continue;
      if (key === 'rejectUnauthorized' && value.type === 'false' && ['ssl', 'tls'].includes(ownerKey(object) ?? '')) {
        const connection = owningPair(object)?.parent;
        if (connection?.type === 'object' && (isLoopbackHost(literalHost(connection)) || isMailOrHttpTransport(connection))) continue;
        report({ range: rangeOf(pair), severity: 'warning', messageId: 'rejectUnauthorized', fix: replaceWith(value, 'true', 'Check the server certificate') });
      } else if (
        (key === 'ssl' || key === 'tls') &&
        value.type === 'false' &&
        (isConnectionObject(object) || ['dialectOptions', 'extra', 'driverOptions'].includes(keyName(owningPair(object) ?? pair) ?? '')) &&
        !isLoopbackHost(literalHost(object))
      ) {
        report({
          range: rangeOf(pair),
          messageId: 'optionNotEncrypted',
          data: { key },
          fix: pgOnly ? replaceWith(value, 'true', 'Require TLS (with certificate checks)') : undefined,
        });
      } else if (['tlsAllowInvalidCertificates', 'tlsAllowInvalidHostnames', 'tlsInsecure'].includes(key ?? '') && value.type === 'true') {
        report({
          range: rangeOf(pair),
          severity: 'warning',
          messageId: 'optionCertificateUnchecked',
          data: { key },
          fix: replaceWith(value, 'false', 'Check the server certificate'),
        });
      }
    }
    for (const assignment of descendants(root, 'assignment_expression')) {
      const left = field(assignment, 'left');
      const right = stringValue(unwrapParens(field(assignment, 'right')));
      if (/^process\.env(\.NODE_TLS_REJECT_UNAUTHORIZED|\[['"]NODE_TLS_REJECT_UNAUTHORIZED['"]\])$/.test(left?.text ?? '') && right === '0') {
        report({ range: rangeOf(assignment), severity: 'warning', messageId: 'processWide' });
      }
    }
  },
);

/** SMTP and HTTP client options (`secure`, `service`, `auth`) in a file that also talks to a database. */
function isMailOrHttpTransport(object: Node): boolean {
  return object.namedChildren.some((m) => m?.type === 'pair' && ['secure', 'service', 'auth', 'httpsAgent', 'baseURL'].includes(keyName(m) ?? ''));
}

/** The name an object literal is given: its pair's key (`ssl: {…}`) or the property assigned (`config.ssl = {…}`). */
function ownerKey(object: Node): string | undefined {
  const pair = owningPair(object);
  if (pair) return keyName(pair);
  let node: Node = object;
  while (node.parent && ['ternary_expression', 'parenthesized_expression', 'binary_expression'].includes(node.parent.type)) node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== 'assignment_expression' || field(assignment, 'right')?.id !== node.id) return undefined;
  const left = field(assignment, 'left');
  return left?.type === 'member_expression' ? field(left, 'property')?.text : undefined;
}

function severity(plaintext: boolean): Severity | undefined {
  return plaintext ? undefined : 'warning';
}

function flip(setting: string): string {
  return /=false$/i.test(setting) ? setting.replace(/=false$/i, '=true') : setting.replace(/=true$/i, '=false');
}

function replaceWith(value: Node, text: string, title: string): Fix {
  return { title, edits: [{ range: rangeOf(value), newText: text }] };
}
