import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, rangeOf } from '../../engine/syntax';
import { unwrapParens } from './support/modules';
import { parameterizeFix } from './support/parameterize';
import { driversOf, sinkOf } from './support/sqlSinks';
import { looksLikeSql, looksLikeSqlFragment } from '../common/sqlText';
import { analyzeString, originOf, placeOf, type StringBuild } from './support/stringBuild';

export default defineTreeRule(
  {
    id: 'ts/sql-string-built',
    title: 'SQL built from strings',
    description:
      'A SQL query built from non-constant strings (template literals, concatenation, `join`) and run by a database library, which lets input rewrite the statement.',
    messages: {
      identifier:
        '{{method}} pastes {{built}} into the SQL as a table or column name; make sure it comes from an allow-list (identifiers cannot be parameters)',
      built: '{{method}} runs SQL built from {{built}}; pass the values as query parameters instead{{migration}}',
    },
    severity: 'error',
    cwe: [89],
    stride: ['Tampering', 'Information Disclosure'],
    threat: { ids: ['BS-29', 'BS-37', 'PILLAR-CODE-1'], summary: 'Injection attacks against Postgres through crafted input' },
    remediation:
      "Keep the SQL text constant and pass values separately: `pool.query('SELECT … WHERE title = $1', [title])` (pg), `?` placeholders with a values array (mysql2, sqlite, knex `raw(sql, [values])`), `replacements: { name }` with `:name` (sequelize, typeorm query builder), or prisma's tagged `$queryRaw`… ${value}``. Identifiers (column names for ORDER BY) cannot be parameters: choose them from an allow-list.",
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    // Cheap pre-check: no SQL word, no SQL finding.
    if (!SQL_WORDS.test(file.text)) return;
    const root = file.tree.rootNode;
    const drivers = driversOf(root);
    for (const call of descendants(root, 'call_expression')) {
      const sink = sinkOf(call, drivers, root);
      if (!sink) continue;
      const built = analyzeString(sink.query, root);
      if (built.dynamic.length === 0) continue;
      const sqlText =
        sink.model.alwaysSql || sink.kind === 'value' || (sink.kind === 'fragment' ? looksLikeSqlFragment(built.literalText) : looksLikeSql(built.literalText));
      if (!sqlText) continue;
      const identifiersOnly = built.dynamic.every((d) => inIdentifierPosition(placeOf(built, d)) && !REQUEST_DATA.test(d.text));
      // Migrations and seeds run once, by operators, on data the database already holds.
      const migration = MIGRATION_PATH.test(file.path.replace(/\\/g, '/')) && !built.dynamic.some((d) => REQUEST_DATA.test(d.text));
      // Severity follows the origin: request data or a caller's argument an error, a value of unknown origin a warning.
      const origins = built.dynamic.map((d) => originOf(d, root));
      const unknownOnly = origins.every((o) => o === 'unknown') && !built.dynamic.some((d) => REQUEST_DATA.test(d.text));
      report({
        range: rangeOf(sink.query),
        severity: identifiersOnly || migration ? 'note' : unknownOnly ? 'warning' : undefined,
        messageId: identifiersOnly ? 'identifier' : 'built',
        data: { method: sink.method, built: describe(built), migration: migration ? ' (a migration: a note)' : '' },
        related: built.dynamic.slice(0, 3).map((d) => ({ range: rangeOf(d), message: 'this value becomes part of the SQL text' })),
        fix: parameterizeFix(call, sink, root),
      });
    }
  },
);

const SQL_WORDS = /\b(select|insert|update|delete|drop|truncate|alter|where|order\s+by|group\s+by|having)\b/i;
const MIGRATION_PATH = /(^|\/)(migrations?|seeders?|seeds)\//i;

/** Values that read as request input, which keep a finding an error wherever they go. */
const REQUEST_DATA = /\b(req|request|ctx|params|query|body|args|input|event|headers|cookies)\b/;

/**
 * Whether a substituted value sits where SQL takes a name: double-quoted (`"${t}"`), or right
 * after FROM/JOIN/INTO/UPDATE/TABLE/EXISTS/CONSTRAINT/INDEX, in a template literal.
 */
function inIdentifierPosition(value: Node): boolean {
  const substitution = value.parent;
  if (substitution?.type !== 'template_substitution') return false;
  const before = substitution.previousSibling?.text ?? '';
  const after = substitution.nextSibling?.text ?? '';
  if (before.endsWith('"') && after.startsWith('"')) return true;
  return /\b(from|join|into|update|table|exists|constraint|index|truncate)\s+$/i.test(before);
}

function describe(built: StringBuild): string {
  const distinct = built.dynamic.filter((d, i) => built.dynamic.findIndex((e) => e.text === d.text) === i);
  const parts = distinct.slice(0, 2).map((d: Node) => {
    const text = unwrapParens(d)?.text ?? d.text;
    return `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;
  });
  return `${parts.join(', ')}${distinct.length > 2 ? ` and ${distinct.length - 2} more` : ''}`;
}
