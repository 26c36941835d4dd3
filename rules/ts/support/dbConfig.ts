import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../../../engine/syntax';
import { importsAny, stringValue, unwrapParens } from './modules';

/** Modules whose connection options take `ssl`/`tls`/`password` settings. */
export const DB_MODULES = [
  'pg',
  'pg-pool',
  'pg-promise',
  'postgres',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'knex',
  'sequelize',
  'sequelize-typescript',
  'typeorm',
  '@nestjs/typeorm',
  '@nestjs/sequelize',
  '@mikro-orm/core',
  '@mikro-orm/postgresql',
  '@mikro-orm/mysql',
  'mongodb',
  'mongoose',
  '@nestjs/mongoose',
  'mssql',
  'tedious',
  'oracledb',
  'drizzle-orm',
  'kysely',
  'slonik',
  'ioredis',
  'redis',
];

export function usesDatabase(root: Node): boolean {
  return importsAny(root, DB_MODULES);
}

/** Keys that mark an object literal as database connection options. */
const CONNECTION_KEYS = new Set([
  'host',
  'hostname',
  'port',
  'user',
  'username',
  'database',
  'db',
  'connectionString',
  'connectionLimit',
  'dialect',
  'type',
  'client',
  'connection',
  'url',
  'uri',
  'server',
  'dialectOptions',
  'replication',
  'pool',
  'max',
  'idleTimeoutMillis',
]);

/** The key name of a pair (quoted or not). */
export function keyName(pair: Node): string | undefined {
  const key = field(pair, 'key');
  return key ? (stringValue(key) ?? key.text) : undefined;
}

/** Whether an object literal reads as connection options (two or more connection keys). */
export function isConnectionObject(object: Node): boolean {
  const keys = named(object)
    .filter((m) => m.type === 'pair' || m.type === 'shorthand_property_identifier')
    .map((m) => (m.type === 'pair' ? keyName(m) : m.text));
  return keys.filter((k) => k !== undefined && CONNECTION_KEYS.has(k)).length >= 2;
}

/** The pair an object literal is the value of, looking through `cond ? {…} : x`, `a || {…}` and parentheses. */
export function owningPair(object: Node): Node | undefined {
  let node: Node = object;
  while (
    node.parent &&
    ['ternary_expression', 'parenthesized_expression', 'binary_expression', 'as_expression', 'satisfies_expression'].includes(node.parent.type)
  )
    node = node.parent;
  return node.parent?.type === 'pair' ? node.parent : undefined;
}

/** The literal host of a connection object (`host: 'localhost'`), if written there. */
export function literalHost(object: Node): string | undefined {
  for (const member of named(object)) {
    if (member.type === 'pair' && ['host', 'hostname', 'server'].includes(keyName(member) ?? '')) return stringValue(unwrapParens(field(member, 'value')));
  }
  return undefined;
}
