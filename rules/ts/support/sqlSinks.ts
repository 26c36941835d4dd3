import type { Node } from '@vscode/tree-sitter-wasm';
import { field } from '../../../engine/syntax';
import { type Driver, type LibraryName, type ReceiverKind, SQL_LIBRARIES, SQL_SINKS, type SqlSinkModel } from '../models/sql';
import { importsAny, unwrapParens } from './modules';

export type { Driver };

/** The SQL libraries a file uses, which decide the placeholder style of a fix. */
export function driversOf(root: Node): Driver[] {
  const drivers: Driver[] = [];
  for (const library of Object.values(SQL_LIBRARIES)) {
    if ('driver' in library && library.marksFile && importsAny(root, library.modules)) drivers.push(library.driver);
  }
  return drivers;
}

/** Whether the file imports one of a library's modules. */
function imports(root: Node, library: LibraryName): boolean {
  return importsAny(root, SQL_LIBRARIES[library].modules);
}

/** What a sink runs: a whole statement, a clause fragment (`whereRaw`, typeorm `where`), or one inlined value. */
export interface Sink {
  method: string;
  query: Node;
  kind: 'statement' | 'fragment' | 'value';
  /** Which library's conventions the call follows, when the file shows it. */
  driver?: Driver;
  /** The model entry that matched. */
  model: SqlSinkModel;
}

/** Names database handles go by in Node services (`this.` stripped), for files that import their pool from elsewhere. */
const DB_RECEIVER =
  /^(db|pool|client|conn|connection|pg|mysql|sqlite|knex|sequelize|datasource|dataSource|manager|entityManager|queryRunner|trx|tx|transaction|database|prisma|repo|repository|\w+Repository|\w+Pool|\w+Db|\w+Client|\w+Connection)$/i;

const ANY_SINK = new Set(SQL_SINKS.flatMap((s) => s.methods));

/**
 * The query argument of a call that runs SQL, if the call is one, by the first entry of
 * `SQL_SINKS` (rules/ts/models/sql.ts) whose method and receiver match. `{ sql }` / `{ text }`
 * query objects are looked into. Tagged templates are never sinks: they bind their values.
 */
export function sinkOf(call: Node, drivers: readonly Driver[], root?: Node): Sink | undefined {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type !== 'member_expression') return undefined;
  const method = field(fn, 'property')?.text ?? '';
  if (!ANY_SINK.has(method)) return undefined;
  if (field(call, 'arguments')?.type !== 'arguments') return undefined; // a tagged template
  const receiver = unwrapParens(field(fn, 'object'));
  const args = named(call);
  if (!args[0] || !receiver) return undefined;
  const receiverName = receiverNameOf(receiver);
  const file = root ?? call.tree.rootNode;
  for (const model of SQL_SINKS) {
    if (!model.methods.includes(method) || !receiverMatches(model.receiver, model.library, receiver, receiverName, drivers, file)) continue;
    const argument = args[model.sqlArgument];
    if (!argument) return undefined;
    const query = (model.queryObject ? queryObjectText(argument) : undefined) ?? argument;
    const library = SQL_LIBRARIES[model.library];
    const driver = model.sharedHandle ? driverFor(method, receiverName, drivers) : 'driver' in library ? library.driver : undefined;
    return { method, query, kind: model.kind, driver, model };
  }
  return undefined;
}

function receiverMatches(kind: ReceiverKind, library: LibraryName, receiver: Node, receiverName: string, drivers: readonly Driver[], root: Node): boolean {
  switch (kind) {
    case 'anything':
      return true;
    case 'db-handle':
      return drivers.length > 0 || DB_RECEIVER.test(receiverName);
    case 'query-builder':
      return receiver.text.includes('createQueryBuilder') || (drivers.includes('typeorm') && /QueryBuilder|qb$|query$/i.test(receiverName));
    case 'sequelize':
      return drivers.includes('sequelize') || /^sequelize$/i.test(receiverName);
    case 'request':
      return imports(root, library) && (/^(request|req)$/i.test(receiverName) || /\brequest\(\)$|new\s+\w*\.?Request\(/.test(receiver.text));
    case 'sql-tag':
      return receiver.type === 'identifier' && receiver.text === 'sql' && imports(root, library);
  }
}

function named(call: Node): Node[] {
  return (field(call, 'arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
}

/** `this.db` → `db`; `db` → `db`; `getPool()` → `getPool`. */
function receiverNameOf(receiver: Node): string {
  if (receiver.type === 'identifier') return receiver.text;
  if (receiver.type === 'member_expression') return field(receiver, 'property')?.text ?? '';
  if (receiver.type === 'call_expression') return receiverNameOf(unwrapParens(field(receiver, 'function')) ?? receiver);
  return '';
}

/** `{ sql: …, values }` (mysql) or `{ text: …, values }` (pg) query objects. */
function queryObjectText(arg: Node): Node | undefined {
  const object = unwrapParens(arg);
  if (object?.type !== 'object') return undefined;
  for (const pair of object.namedChildren) {
    if (pair?.type === 'pair' && ['sql', 'text'].includes(field(pair, 'key')?.text ?? '')) return field(pair, 'value') ?? undefined;
  }
  return undefined;
}

function driverFor(method: string, receiverName: string, drivers: readonly Driver[]): Driver | undefined {
  if (method === 'raw') return drivers.includes('knex') || /knex|trx|db/i.test(receiverName) ? 'knex' : undefined;
  if (method === 'unsafe') return drivers.includes('postgres') ? 'postgres' : undefined;
  if (method === 'query' && /^sequelize$/i.test(receiverName) && (drivers.length === 0 || drivers.includes('sequelize'))) return 'sequelize';
  if (['all', 'get', 'run', 'each'].includes(method) && drivers.includes('sqlite3')) return 'sqlite3';
  if (method === 'prepare' && drivers.includes('better-sqlite3')) return 'better-sqlite3';
  // A file that uses two libraries: the fix cannot know which one this handle belongs to.
  const candidates = drivers.filter((d) => d !== 'prisma');
  return candidates.length === 1 ? candidates[0] : undefined;
}
