import type { Node } from '@vscode/tree-sitter-wasm';
import { field } from '../../../engine/syntax';
import { importsAny, unwrapParens } from './modules';

/** The SQL libraries a file uses, which decide the placeholder style of a fix. */
export type Driver = 'pg' | 'mysql' | 'sqlite3' | 'better-sqlite3' | 'knex' | 'sequelize' | 'typeorm' | 'prisma' | 'postgres';

const DRIVER_MODULES: Record<Driver, string[]> = {
  pg: ['pg', 'pg-pool', 'pg-promise', '@fastify/postgres'],
  mysql: ['mysql', 'mysql2', 'mysql2/promise', '@fastify/mysql'],
  sqlite3: ['sqlite3', 'sqlite'],
  'better-sqlite3': ['better-sqlite3'],
  knex: ['knex'],
  sequelize: ['sequelize', 'sequelize-typescript', '@nestjs/sequelize'],
  typeorm: ['typeorm', '@nestjs/typeorm'],
  prisma: ['@prisma/client'],
  postgres: ['postgres', '@vercel/postgres', '@neondatabase/serverless'],
};

export function driversOf(root: Node): Driver[] {
  return (Object.keys(DRIVER_MODULES) as Driver[]).filter((d) => importsAny(root, DRIVER_MODULES[d]));
}

/** What a sink runs: a whole statement, or a clause fragment (`whereRaw`, typeorm `where`). */
export interface Sink {
  method: string;
  query: Node;
  kind: 'statement' | 'fragment';
  /** Which library's conventions the call follows, when the file shows it. */
  driver?: Driver;
}

/** Names database handles go by in Node services (`this.` stripped), for files that import their pool from elsewhere. */
const DB_RECEIVER =
  /^(db|pool|client|conn|connection|pg|mysql|sqlite|knex|sequelize|datasource|dataSource|manager|entityManager|queryRunner|trx|tx|transaction|database|prisma|repo|repository|\w+Repository|\w+Pool|\w+Db|\w+Client|\w+Connection)$/i;

const STATEMENT_METHODS = new Set(['query', 'execute', 'exec', 'prepare', 'run', 'all', 'get', 'each', 'raw', 'unsafe']);
const KNEX_FRAGMENTS = new Set(['whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'onRaw']);
const TYPEORM_FRAGMENTS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving']);

const ANY_SINK = new Set([...STATEMENT_METHODS, ...KNEX_FRAGMENTS, ...TYPEORM_FRAGMENTS, 'literal', '$queryRawUnsafe', '$executeRawUnsafe']);

/**
 * The query argument of a call that runs SQL, if the call is one: prisma's `$queryRawUnsafe` /
 * `$executeRawUnsafe` anywhere; `query`/`execute`/`exec`/`prepare`/sqlite's `run`/`all`/`get`/`each`,
 * knex `raw` and `…Raw` clauses, postgres.js `unsafe`, sequelize `query`/`literal` when the file
 * uses a SQL library or the receiver is named like a database handle; typeorm query-builder
 * `where`-family clauses. `{ sql }` / `{ text }` query objects are looked into.
 */
export function sinkOf(call: Node, drivers: readonly Driver[]): Sink | undefined {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type !== 'member_expression') return undefined;
  const method = field(fn, 'property')?.text ?? '';
  if (!ANY_SINK.has(method)) return undefined;
  if (field(call, 'arguments')?.type !== 'arguments') return undefined; // a tagged template
  const receiver = unwrapParens(field(fn, 'object'));
  const args = named(call);
  const first = args[0];
  if (!first || !receiver) return undefined;
  if (method === '$queryRawUnsafe' || method === '$executeRawUnsafe') return { method, query: first, kind: 'statement', driver: 'prisma' };
  const receiverName = receiverNameOf(receiver);
  const dbLike = drivers.length > 0 || DB_RECEIVER.test(receiverName);
  if (KNEX_FRAGMENTS.has(method) && dbLike) return { method, query: first, kind: 'fragment', driver: 'knex' };
  if (
    TYPEORM_FRAGMENTS.has(method) &&
    (receiver.text.includes('createQueryBuilder') || (drivers.includes('typeorm') && /QueryBuilder|qb$|query$/i.test(receiverName)))
  ) {
    return { method, query: first, kind: 'fragment', driver: 'typeorm' };
  }
  if (method === 'literal' && (drivers.includes('sequelize') || /^sequelize$/i.test(receiverName)))
    return { method, query: first, kind: 'fragment', driver: 'sequelize' };
  if (!STATEMENT_METHODS.has(method) || !dbLike) return undefined;
  const query = queryObjectText(first) ?? first;
  return { method, query, kind: method === 'raw' ? 'fragment' : 'statement', driver: driverFor(method, receiverName, drivers) };
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
