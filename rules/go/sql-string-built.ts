import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import type { Fix, TextEdit } from '../../engine/types';
import { callArguments, definitionOf, goStringValue, unwrapParens } from './support/goSyntax';
import { importPaths, removeImportIfUnused } from './support/imports';
import { looksLikeSql, looksLikeSqlFragment } from '../common/sqlText';
import { SQL_DRIVERS, SQL_SINKS } from './models/sql';
import { analyzeString, isRequestData, type StringBuild } from './support/stringBuild';
import { ancestor, descendants, field, rangeOf } from '../../engine/syntax';

/** Imports that put a file in scope: the modelled libraries and the database/sql drivers. */
const SQL_LIBRARIES = [...SQL_SINKS.flatMap((sink) => sink.imports), ...SQL_DRIVERS];

/** Candidate positions of the SQL text for a method, from the sinks that apply in this file. */
function sinkPositions(method: string, imports: readonly string[]): { index: number; fragment: boolean }[] {
  return SQL_SINKS.filter((sink) => sink.methods.includes(method) && (!sink.needsImport || imports.some((p) => sink.imports.some((re) => re.test(p))))).map(
    (sink) => ({
      index: sink.sqlArgument,
      fragment: sink.fragment === true,
    }),
  );
}

export default defineTreeRule(
  {
    id: 'go/sql-string-built',
    title: 'SQL built from strings',
    description:
      'A SQL query built from non-constant strings (`fmt.Sprintf`, `+`, builders) and run by a database library, which lets input rewrite the statement.',
    messages: {
      intOnly: '{{method}} runs SQL formatted with %d: integers cannot inject, but use a placeholder anyway',
      built: '{{method}} runs SQL built from {{built}}; pass the values as query arguments instead',
    },
    severity: 'error',
    cwe: [89],
    stride: ['Tampering', 'Information Disclosure'],
    threat: { ids: ['BS-29', 'BS-37', 'PILLAR-CODE-1'], summary: 'Injection attacks against Postgres through crafted input' },
    remediation:
      'Pass values as query arguments with placeholders (`$1` for Postgres drivers, `?` for MySQL/SQLite/gorm): `db.Query("SELECT … WHERE title = $1", title)`. Identifiers that cannot be parameters (column names for ORDER BY) must come from an allow-list.',
    fixable: true,
    languages: ['go'],
    scope: { requiresImport: SQL_LIBRARIES },
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const paths = importPaths(root);
    const dialect = paths.some((p) => /jackc\/pgx|lib\/pq/.test(p)) ? '$' : paths.some((p) => /gorm|mysql|sqlite/.test(p)) ? '?' : undefined;
    for (const call of descendants(root, 'call_expression')) {
      const fn = field(call, 'function');
      const method = fn?.type === 'selector_expression' ? field(fn, 'field')?.text : undefined;
      const positions = method === undefined ? [] : sinkPositions(method, paths);
      if (positions.length === 0) continue;
      const args = callArguments(call);
      for (const position of [...new Map(positions.map((p) => [`${p.index}:${p.fragment}`, p])).values()]) {
        // pgx and context-first helpers: Query(ctx, sql, args...).
        const index = position.index + (looksLikeContext(args[position.index]) ? 1 : 0);
        const query = args[index];
        if (!query) continue;
        const built = analyzeString(query, root);
        const sqlText = position.fragment ? looksLikeSqlFragment(built.literalText) : looksLikeSql(built.literalText);
        if (!sqlText) continue;
        const integers = built.integers ?? [];
        // Integers formatted into the whole query (`LIMIT %d`) cannot inject: a note that placeholders exist.
        const intOnly = built.dynamic.length === 0 && integers.length > 0 && built.sprintf !== undefined && (built.verbs ?? []).every((v) => v === 'd');
        if (built.dynamic.length === 0 && !intOnly) continue;
        if (unwrapParens(query)?.type === 'identifier' && built.dynamic.length === 1 && built.dynamic[0].startIndex === unwrapParens(query)?.startIndex)
          continue;
        // Request data pasted in is an injection; a parameter or a value the file does not show is a warning.
        const fromRequest = built.dynamic.some((d) => isRequestData(d, root));
        const shown = intOnly ? integers : built.dynamic;
        report({
          range: rangeOf(query),
          severity: intOnly ? 'note' : fromRequest ? undefined : 'warning',
          messageId: intOnly ? 'intOnly' : 'built',
          data: { method, built: describe(built) },
          related: shown.slice(0, 3).map((d) => ({ range: rangeOf(d), message: 'this value becomes part of the SQL text' })),
          fix: dialect ? parameterizeFix(call, query, built, dialect, root) : undefined,
        });
        break;
      }
    }
  },
);

function looksLikeContext(arg: Node | undefined): boolean {
  const text = arg?.text ?? '';
  return /^ctx$|context\.|\.Context\(\)$|^c$/.test(text);
}

function describe(built: StringBuild): string {
  const parts = (built.dynamic.length > 0 ? built.dynamic : (built.integers ?? []))
    .slice(0, 2)
    .map((d) => `\`${d.text.length > 40 ? d.text.slice(0, 37) + '...' : d.text}\``);
  return `${built.sprintf ? 'fmt.Sprintf with ' : 'concatenation with '}${parts.join(', ')}`;
}

/**
 * `fmt.Sprintf("… '%s' … %d", a, b)` reaching the sink directly or through one variable →
 * `"… $1 … $2"` and `a, b` appended to the sink's arguments. Other shapes get no fix.
 */
function parameterizeFix(sink: Node, query: Node, built: StringBuild, dialect: '$' | '?', root: Node): Fix | undefined {
  if (!built.sprintf) return undefined;
  const format = goStringValue(built.sprintf.format);
  if (format === undefined || format.includes('%%') || built.sprintf.format.type !== 'interpreted_string_literal') return undefined;
  const values = callArguments(built.sprintf.call).slice(1);
  const verbs = [...format.matchAll(/'%[sdvq]'|%[sdvq]/g)];
  if (verbs.length !== values.length || format.replace(/'%[sdvq]'|%[sdvq]/g, '').includes('%')) return undefined;
  let n = 0;
  const parameterized = format.replace(/'%[sdvq]'|%[sdvq]/g, () => (dialect === '$' ? `$${++n}` : '?'));
  const edits: TextEdit[] = [{ range: rangeOf(built.sprintf.call), newText: JSON.stringify(parameterized) }];
  const direct = unwrapParens(query)?.startIndex === built.sprintf.call.startIndex;
  if (!direct) {
    // One hop: `q := fmt.Sprintf(…)` used by this sink only.
    const name = unwrapParens(query);
    if (name?.type !== 'identifier' || definitionOf(name.text, name, root)?.startIndex !== built.sprintf.call.startIndex) return undefined;
    const fn = ancestor(sink, ['function_declaration', 'method_declaration', 'func_literal']);
    const uses = fn ? descendants(fn, 'identifier').filter((id) => id.text === name.text && id.startIndex > built.sprintf!.call.endIndex) : [];
    if (uses.length !== 1) return undefined;
  }
  const args = callArguments(sink);
  const last = args[args.length - 1];
  if (last !== undefined && last.startIndex !== query.startIndex) return undefined;
  edits.push({ range: { start: query.endIndex, end: query.endIndex }, newText: values.map((v) => `, ${v.text}`).join('') });
  const fmtUses = descendants(root, 'selector_expression').filter((s) => field(s, 'operand')?.text === 'fmt').length;
  edits.push(...removeImportIfUnused(root, root.text, 'fmt', fmtUses - 1));
  return { title: `Pass the values as query arguments (${dialect === '$' ? '$1, $2, …' : '?'} placeholders)`, edits };
}
