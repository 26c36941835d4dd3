/**
 * What the SQL libraries of Node services look like to `ts/sql-string-built`, as data: which
 * calls run SQL text (and which argument holds it, which the bound values), which tagged
 * templates bind their substitutions, which calls return text that is safe to paste into SQL,
 * and where request data comes from. The rule's code (rules/ts/support/sqlSinks.ts and
 * stringBuild.ts) reads these tables; it holds no library names of its own.
 *
 * Every entry names a `fixture` marker: a `// model: <marker>` comment in
 * test/fixtures/ts/sql-string-built/ on the line before a case that exercises it
 * (test/unit/sqlModel.test.ts checks that each one exists).
 */

/** The libraries whose conventions decide the placeholder style of a fix (`$1`, `?`, `:name`, tagged). */
export type Driver = 'pg' | 'mysql' | 'sqlite3' | 'better-sqlite3' | 'knex' | 'sequelize' | 'typeorm' | 'prisma' | 'postgres';

/** A SQL library: the modules that bring it in, and the fix style it takes, if a fix is offered. */
export interface SqlLibrary {
  modules: readonly string[];
  /** Libraries without one (drizzle, kysely, slonik, mssql) get findings but no rewrite. */
  driver?: Driver;
  /**
   * Whether importing it makes every database-shaped call of the file a candidate sink
   * (`x.query(…)`, `x.run(…)` whatever `x` is called). Query builders that only expose a
   * `sql` tag do not.
   */
  marksFile: boolean;
}

export const SQL_LIBRARIES = {
  pg: { modules: ['pg', 'pg-pool', 'pg-promise', '@fastify/postgres'], driver: 'pg', marksFile: true },
  mysql: { modules: ['mysql', 'mysql2', 'mysql2/promise', '@fastify/mysql'], driver: 'mysql', marksFile: true },
  sqlite3: { modules: ['sqlite3', 'sqlite'], driver: 'sqlite3', marksFile: true },
  'better-sqlite3': { modules: ['better-sqlite3'], driver: 'better-sqlite3', marksFile: true },
  knex: { modules: ['knex'], driver: 'knex', marksFile: true },
  sequelize: { modules: ['sequelize', 'sequelize-typescript', '@nestjs/sequelize'], driver: 'sequelize', marksFile: true },
  typeorm: { modules: ['typeorm', '@nestjs/typeorm'], driver: 'typeorm', marksFile: true },
  prisma: { modules: ['@prisma/client'], driver: 'prisma', marksFile: true },
  postgres: { modules: ['postgres', '@vercel/postgres', '@neondatabase/serverless'], driver: 'postgres', marksFile: true },
  mssql: { modules: ['mssql'], marksFile: false },
  drizzle: { modules: ['drizzle-orm'], marksFile: false },
  kysely: { modules: ['kysely'], marksFile: false },
  slonik: { modules: ['slonik'], marksFile: false },
} as const satisfies Record<string, SqlLibrary>;

export type LibraryName = keyof typeof SQL_LIBRARIES;

/**
 * Which receivers a sink method counts on:
 * - `anything`: the method name alone is specific enough (`$queryRawUnsafe`);
 * - `db-handle`: the file imports a library that `marksFile`, or the receiver is named like a
 *   database handle (`db`, `pool`, `this.client`, `trx`, `*Repository`, …) — services often get
 *   their pool from another file, so the library of one handle is not known;
 * - `query-builder`: a typeorm `createQueryBuilder(…)` chain, or a `*QueryBuilder`/`qb` in a typeorm file;
 * - `sequelize`: a receiver named `sequelize`, or any receiver in a sequelize file;
 * - `request`: an mssql `new Request(…)` / `pool.request()` / a receiver named `request`/`req` in an mssql file;
 * - `sql-tag`: the `sql` export of the library (`sql.raw(…)`), in a file that imports it.
 */
export type ReceiverKind = 'anything' | 'db-handle' | 'query-builder' | 'sequelize' | 'request' | 'sql-tag';

/**
 * A call that runs SQL text. `statement`: a whole statement; `fragment`: a clause pasted into
 * a builder's SQL (`whereRaw`, typeorm `where`); `value`: one literal value inlined as text
 * (kysely `sql.lit`), reported whenever it is not constant.
 */
export interface SqlSinkModel {
  library: LibraryName;
  methods: readonly string[];
  receiver: ReceiverKind;
  kind: 'statement' | 'fragment' | 'value';
  /** The argument holding the SQL text (0-based). */
  sqlArgument: number;
  /** The argument holding bound values, when the call takes them: the fix adds them there. */
  valuesArgument?: number;
  /** The argument is SQL whatever it reads like (a column expression): no keyword check. */
  alwaysSql?: boolean;
  /** `{ text, values }` (pg) / `{ sql, values }` (mysql) query objects are looked into. */
  queryObject?: boolean;
  /**
   * One of the statement methods matched together on any database handle: the handle's library
   * is not known when the pool comes from another file, so the fix style follows the file's imports.
   */
  sharedHandle?: boolean;
  fixture: string;
}

/** Tried in order: the first entry whose method and receiver match decides the sink. */
export const SQL_SINKS: readonly SqlSinkModel[] = [
  {
    library: 'prisma',
    methods: ['$queryRawUnsafe', '$executeRawUnsafe'],
    receiver: 'anything',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    fixture: 'prisma-unsafe',
  },
  {
    library: 'knex',
    methods: ['whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'onRaw'],
    receiver: 'db-handle',
    kind: 'fragment',
    sqlArgument: 0,
    valuesArgument: 1,
    fixture: 'knex-raw-clauses',
  },
  {
    library: 'typeorm',
    methods: ['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving'],
    receiver: 'query-builder',
    kind: 'fragment',
    sqlArgument: 0,
    valuesArgument: 1,
    fixture: 'typeorm-where',
  },
  // `orderBy` takes a column (or expression) and no parameters: an identifier sink, no fix.
  {
    library: 'typeorm',
    methods: ['orderBy', 'addOrderBy'],
    receiver: 'query-builder',
    kind: 'fragment',
    sqlArgument: 0,
    alwaysSql: true,
    fixture: 'typeorm-order-by',
  },
  { library: 'sequelize', methods: ['literal'], receiver: 'sequelize', kind: 'fragment', sqlArgument: 0, fixture: 'sequelize-literal' },
  { library: 'drizzle', methods: ['raw'], receiver: 'sql-tag', kind: 'fragment', sqlArgument: 0, fixture: 'drizzle-sql-raw' },
  { library: 'kysely', methods: ['raw'], receiver: 'sql-tag', kind: 'fragment', sqlArgument: 0, fixture: 'kysely-sql-raw' },
  { library: 'kysely', methods: ['lit'], receiver: 'sql-tag', kind: 'value', sqlArgument: 0, fixture: 'kysely-sql-lit' },
  { library: 'mssql', methods: ['query', 'batch'], receiver: 'request', kind: 'statement', sqlArgument: 0, fixture: 'mssql-request-query' },
  // The statement methods below are matched together: a handle's library is not known when the pool comes from another file.
  {
    library: 'pg',
    methods: ['query'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'pg-query',
  },
  {
    library: 'mysql',
    methods: ['query', 'execute'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'mysql-query',
  },
  {
    library: 'sqlite3',
    methods: ['run', 'get', 'all', 'each', 'exec', 'prepare'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'sqlite-run',
  },
  {
    library: 'better-sqlite3',
    methods: ['prepare', 'exec'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    queryObject: true,
    sharedHandle: true,
    fixture: 'better-sqlite-prepare',
  },
  {
    library: 'knex',
    methods: ['raw'],
    receiver: 'db-handle',
    kind: 'fragment',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'knex-raw',
  },
  {
    library: 'sequelize',
    methods: ['query'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'sequelize-query',
  },
  {
    library: 'typeorm',
    methods: ['query'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'typeorm-query',
  },
  {
    library: 'postgres',
    methods: ['unsafe'],
    receiver: 'db-handle',
    kind: 'statement',
    sqlArgument: 0,
    valuesArgument: 1,
    queryObject: true,
    sharedHandle: true,
    fixture: 'postgres-unsafe',
  },
];

/**
 * Tagged templates that send their substitutions as bound parameters (`sql\`… ${v}\``): the
 * result is a query object, not text, so building it from values is safe. Any tagged template
 * counts (project tags are usually one of these re-exported); listed for the record and the fixtures.
 */
export const SAFE_TAGS: readonly { library: LibraryName | 'sql-template-strings'; tags: readonly string[]; fixture: string }[] = [
  { library: 'postgres', tags: ['sql'], fixture: 'postgres-tagged' },
  { library: 'prisma', tags: ['$queryRaw', '$executeRaw', 'Prisma.sql'], fixture: 'prisma-tagged' },
  { library: 'slonik', tags: ['sql', 'sql.unsafe', 'sql.type', 'sql.typeAlias'], fixture: 'slonik-tagged' },
  { library: 'drizzle', tags: ['sql'], fixture: 'drizzle-tagged' },
  { library: 'kysely', tags: ['sql'], fixture: 'kysely-tagged' },
  { library: 'sql-template-strings', tags: ['SQL'], fixture: 'sql-template-strings' },
];

/**
 * Calls whose result may be pasted into SQL text: `identifier` (quoted or checked names),
 * `value` (a quoted literal), `number` (a number cannot carry SQL).
 * - `functions`: the callee as written (`Number`, `Math.floor`);
 * - `methods`: the property called, on any receiver (`connection.escapeId(x)`, `client.escapeIdentifier(x)`);
 * - `sqlTagMethods`: methods of a `sql` tag object (`sql.identifier([…])`, `sql.id(x)`);
 * - `moduleFunctions`: members of a module's default/namespace binding (`format.ident(x)` of pg-format).
 */
export interface SanitizerModel {
  produces: 'identifier' | 'value' | 'number';
  functions?: readonly string[];
  methods?: readonly string[];
  sqlTagMethods?: readonly string[];
  moduleFunctions?: { modules: readonly string[]; names: readonly string[] };
  fixture: string;
}

export const SANITIZERS: readonly SanitizerModel[] = [
  { produces: 'identifier', methods: ['escapeId', 'escapeIdentifier'], fixture: 'escape-identifier' },
  { produces: 'identifier', methods: ['quoteTable', 'quoteIdentifier', 'quoteIdentifiers'], fixture: 'sequelize-quote' },
  { produces: 'identifier', sqlTagMethods: ['identifier', 'id'], fixture: 'sql-identifier' },
  { produces: 'identifier', moduleFunctions: { modules: ['pg-format'], names: ['ident'] }, fixture: 'pg-format-ident' },
  { produces: 'value', methods: ['escape', 'escapeLiteral'], fixture: 'escape-literal' },
  { produces: 'value', moduleFunctions: { modules: ['pg-format'], names: ['literal'] }, fixture: 'pg-format-literal' },
  {
    produces: 'number',
    functions: ['Number', 'parseInt', 'parseFloat', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.min', 'Math.max', 'Math.abs'],
    fixture: 'number-coercion',
  },
  { produces: 'number', methods: ['toFixed', 'getTime', 'valueOf'], fixture: 'number-method' },
];

/**
 * `format('… %I … %L … %s', a, b, c)` of pg-format: `%I` and `%L` arguments are quoted by the
 * library, `%s` ones are pasted as they are.
 */
export const FORMAT_FUNCTIONS: readonly { modules: readonly string[]; safe: readonly string[]; raw: readonly string[]; fixture: string }[] = [
  { modules: ['pg-format'], safe: ['%I', '%L'], raw: ['%s'], fixture: 'pg-format' },
];

/**
 * Placeholders that bind an identifier, quoted by the library (`knex.raw('SELECT * FROM ??', [table])`):
 * the SQL text stays constant, so nothing is reported. For the record and the fixtures.
 */
export const IDENTIFIER_BINDINGS: readonly { library: LibraryName; placeholder: string; fixture: string }[] = [
  { library: 'knex', placeholder: '??', fixture: 'knex-identifier-binding' },
];

/**
 * A heuristic, not a model of any library: a project function whose name says it quotes,
 * sanitizes or escapes an identifier (`quoteIdent(x)`, `sqlsanitize(x)`, `escapeTableIdentifier(x)`)
 * is taken to return safe text, and so is a value whose name says it was already escaped
 * (`escapedSchema`, `quotedTable`, `safeName`). The rule cannot see the function's body when it lives in
 * another file; a misleading name hides a finding.
 */
export const SANITIZER_NAMES: readonly { pattern: RegExp; applies: 'function' | 'value'; fixture: string }[] = [
  { pattern: /^quote_?ident/i, applies: 'function', fixture: 'name-quote-ident' },
  { pattern: /sani[tz]i[sz]e/i, applies: 'function', fixture: 'name-sanitize' },
  { pattern: /^escape\w*(identifier|ident|name)s?$/i, applies: 'function', fixture: 'name-escape-identifier' },
  { pattern: /^(escaped|quoted|sanitized|sanitised|safe)[A-Z_]/, applies: 'value', fixture: 'name-escaped-value' },
];

/**
 * Where request data comes from: `req.query.x` (express), `ctx.request.body` (koa),
 * `request.params` (fastify), and NestJS handler parameters decorated `@Query()`/`@Param()`/`@Body()`.
 * A value from one of these keeps a finding an error.
 */
export const REQUEST_SOURCES = {
  objects: ['req', 'request', 'ctx', 'context'],
  properties: ['query', 'params', 'body', 'headers', 'cookies', 'request'],
  decorators: ['Query', 'Param', 'Body', 'Headers', 'Req'],
  fixture: 'request-origin',
} as const;

/**
 * The constant origins stringBuild.ts recognises besides literals (the code holds the logic;
 * listed here so each has a fixture).
 */
export const CONSTANT_ORIGINS: readonly { origin: string; fixture: string }[] = [
  { origin: 'a property of a `const` object literal (`as const` or not) with constant values: `T.features`', fixture: 'const-object-member' },
  { origin: 'a lookup in such an object: `COLUMNS[key]` (an allow-list)', fixture: 'const-object-lookup' },
  { origin: 'an enum member: `Table.Users`', fixture: 'enum-member' },
  { origin: "a value checked before: `if (!['asc', 'desc'].includes(order)) throw …` / `return`", fixture: 'checked-includes' },
  { origin: "the checked branch of `order === 'asc' || order === 'desc' ? order : 'asc'`", fixture: 'checked-ternary' },
  { origin: "a parameter typed `number`, `boolean`, `bigint` or a union of literals (`'asc' | 'desc'`)", fixture: 'typed-parameter' },
];
