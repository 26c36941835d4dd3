/**
 * Go SQL library models, as data: which calls run SQL text (sinks), which calls make a value
 * safe to paste into SQL text (sanitizers), and which calls hand request data to a handler
 * (sources). Rules read these tables and carry no call lists of their own.
 *
 * Every entry has an `id`; a fixture line in `test/fixtures/go/sql-string-built/` carries a
 * `model: <id>` comment that exercises it (a unit test fails when one is missing).
 */

/** A family of methods that run SQL text. */
export interface SqlSinkModel {
  readonly id: string;
  /** Import paths of the library (module path, regular expression). */
  readonly imports: readonly RegExp[];
  /** Method names (matched on the selector, whatever the receiver). */
  readonly methods: readonly string[];
  /** Position of the SQL text when no `context.Context` comes first; one later when one does. */
  readonly sqlArgument: number;
  /**
   * Applies only in files that import the library itself; without it the entry applies in
   * every file the rule scans (database/sql-shaped method names reached through interfaces).
   */
  readonly needsImport?: boolean;
  /** The argument is a clause fragment (`Where("name = ?")`, `Order("title desc")`), not a statement. */
  readonly fragment?: boolean;
}

/** A call whose result is safe as SQL text, whatever its arguments. */
export interface SqlSanitizerModel {
  readonly id: string;
  /**
   * What the result is: a quoted identifier or literal, an integer (or other number) formatted
   * as text, or bind-variable placeholders.
   */
  readonly kind: 'quote' | 'number' | 'placeholder';
  /** The function: `{ package, name }` (package by import path), or a method of a composite literal of type `compositeType`. */
  readonly package: string | RegExp;
  readonly name: string;
  /** For `pgx.Identifier{…}.Sanitize()`: the composite type whose method this is. */
  readonly compositeType?: string;
  /**
   * Literal arguments the call must have (by position) to count, e.g. `strings.ReplaceAll(x, "\"", "\"\"")`.
   * `placeholders` matches a literal made only of `?`, `$`, `,` and spaces.
   */
  readonly literalArguments?: ReadonlyArray<readonly [number, string | 'placeholders']>;
  /** The result is safe only between the quotes this string names (`"` + … + `"`). */
  readonly wrappedIn?: string;
}

/** `fmt.Sprintf` verbs whose output is digits (or hex): the value cannot carry SQL. */
export const INTEGER_VERBS: readonly string[] = ['d', 'x', 'X', 'o', 'b'];

/** Same-file helpers named like this write bind variables (`placeholder(3)` → `$3`), not values. */
export const PLACEHOLDER_HELPER = /placeholder|bindvar/i;

/** Text just before a `%d` that makes it a numbered placeholder (`$%d`, `@p%d`, `:%d`). */
export const NUMBERED_PLACEHOLDER = /(\$|@p|:)$/;

export const SQL_SINKS: readonly SqlSinkModel[] = [
  { id: 'database/sql.Query', imports: [/^database\/sql$/], methods: ['Query', 'QueryRow', 'Exec', 'Prepare'], sqlArgument: 0 },
  {
    id: 'database/sql.QueryContext',
    imports: [/^database\/sql$/],
    methods: ['QueryContext', 'QueryRowContext', 'ExecContext', 'PrepareContext'],
    sqlArgument: 1,
  },
  {
    id: 'sqlx.Queryx',
    imports: [/^github\.com\/jmoiron\/sqlx$/],
    methods: ['MustExec', 'Queryx', 'QueryRowx', 'NamedQuery', 'NamedExec', 'Preparex', 'PrepareNamed'],
    sqlArgument: 0,
  },
  {
    id: 'sqlx.QueryxContext',
    imports: [/^github\.com\/jmoiron\/sqlx$/],
    methods: ['QueryxContext', 'QueryRowxContext', 'NamedQueryContext', 'NamedExecContext', 'MustExecContext', 'PreparexContext', 'PrepareNamedContext'],
    sqlArgument: 1,
  },
  { id: 'sqlx.Select', imports: [/^github\.com\/jmoiron\/sqlx$/], methods: ['Select', 'Get'], sqlArgument: 1 },
  { id: 'sqlx.SelectContext', imports: [/^github\.com\/jmoiron\/sqlx$/], methods: ['SelectContext', 'GetContext'], sqlArgument: 2 },
  {
    // pgx v4/v5, pgxpool and pgconn take the context first: Query(ctx, sql, args...).
    id: 'pgx.Query',
    imports: [/^github\.com\/jackc\/pgx(\/v\d+)?(\/pgxpool|\/pgconn)?$/],
    methods: ['Query', 'QueryRow', 'Exec'],
    sqlArgument: 0,
  },
  { id: 'pgx.Batch.Queue', imports: [/^github\.com\/jackc\/pgx(\/v\d+)?$/], methods: ['Queue'], sqlArgument: 0, needsImport: true },
  { id: 'gorm.Raw', imports: [/^gorm\.io\/gorm$/, /^github\.com\/jinzhu\/gorm$/], methods: ['Raw', 'Exec'], sqlArgument: 0 },
  {
    id: 'gorm.Where',
    imports: [/^gorm\.io\/gorm$/, /^github\.com\/jinzhu\/gorm$/],
    methods: ['Where', 'Order', 'Having', 'Joins'],
    sqlArgument: 0,
  },
  {
    // String conditions of gorm's chain: judged as clause fragments in files that import gorm.
    id: 'gorm.clauses',
    imports: [/^gorm\.io\/gorm$/, /^github\.com\/jinzhu\/gorm$/],
    methods: ['Where', 'Order', 'Group', 'Having', 'Select', 'Not', 'Or', 'Joins'],
    sqlArgument: 0,
    needsImport: true,
    fragment: true,
  },
  {
    // go-pg: db.Query(model, query, params...), db.Exec(query, params...), q.Where(condition).
    id: 'go-pg.Query',
    imports: [/^github\.com\/go-pg\/pg(\/v\d+)?(\/orm)?$/],
    methods: ['Query', 'QueryOne', 'ExecOne'],
    sqlArgument: 1,
    needsImport: true,
  },
  {
    id: 'bun.NewRaw',
    imports: [/^github\.com\/uptrace\/bun$/],
    methods: ['NewRaw', 'ColumnExpr', 'OrderExpr', 'TableExpr', 'WhereOr', 'GroupExpr'],
    sqlArgument: 0,
    needsImport: true,
    fragment: true,
  },
  { id: 'squirrel.Expr', imports: [/^github\.com\/Masterminds\/squirrel$/], methods: ['Expr'], sqlArgument: 0, needsImport: true, fragment: true },
  { id: 'xorm.SQL', imports: [/^xorm\.io\/xorm$/, /^github\.com\/go-xorm\/xorm$/], methods: ['SQL'], sqlArgument: 0, needsImport: true },
];

/** Drivers: a file that imports one works with database/sql, so the sinks apply there too. */
export const SQL_DRIVERS: readonly RegExp[] = [/^github\.com\/lib\/pq$/, /^github\.com\/go-sql-driver\/mysql$/, /^github\.com\/mattn\/go-sqlite3$/];

export const SQL_SANITIZERS: readonly SqlSanitizerModel[] = [
  { id: 'pq.QuoteIdentifier', kind: 'quote', package: 'github.com/lib/pq', name: 'QuoteIdentifier' },
  { id: 'pq.QuoteLiteral', kind: 'quote', package: 'github.com/lib/pq', name: 'QuoteLiteral' },
  { id: 'pgx.Identifier.Sanitize', kind: 'quote', package: /^github\.com\/jackc\/pgx(\/v\d+)?$/, compositeType: 'Identifier', name: 'Sanitize' },
  {
    id: 'strings.ReplaceAll.doubleQuote',
    kind: 'quote',
    package: 'strings',
    name: 'ReplaceAll',
    literalArguments: [
      [1, '"'],
      [2, '""'],
    ],
    wrappedIn: '"',
  },
  {
    id: 'strings.Replace.doubleQuote',
    kind: 'quote',
    package: 'strings',
    name: 'Replace',
    literalArguments: [
      [1, '"'],
      [2, '""'],
    ],
    wrappedIn: '"',
  },
  { id: 'strconv.Itoa', kind: 'number', package: 'strconv', name: 'Itoa' },
  { id: 'strconv.FormatInt', kind: 'number', package: 'strconv', name: 'FormatInt' },
  { id: 'strconv.FormatUint', kind: 'number', package: 'strconv', name: 'FormatUint' },
  { id: 'strconv.FormatFloat', kind: 'number', package: 'strconv', name: 'FormatFloat' },
  { id: 'strconv.FormatBool', kind: 'number', package: 'strconv', name: 'FormatBool' },
  { id: 'strings.Repeat.placeholders', kind: 'placeholder', package: 'strings', name: 'Repeat', literalArguments: [[0, 'placeholders']] },
];

/**
 * Functions whose result is as constant as their string arguments (case mapping, trimming,
 * replacing): `strings.TrimSuffix(strings.Repeat("?,", n), ",")` is placeholders still.
 */
export const SQL_TRANSPARENT: readonly { readonly package: string; readonly names: readonly string[] }[] = [
  {
    package: 'strings',
    names: ['ToLower', 'ToUpper', 'TrimSpace', 'Trim', 'TrimLeft', 'TrimRight', 'TrimPrefix', 'TrimSuffix', 'Replace', 'ReplaceAll', 'Repeat', 'Title'],
  },
];

/** `fmt.Sprint(n)` / `fmt.Sprintf("%d", n)` of a value declared with one of these types formats a number. */
export const NUMBER_TYPES = /^(u?int(8|16|32|64)?|uintptr|float(32|64)|bool|byte|rune)$/;

/** Calls and selectors that return data of the HTTP request (the receiver is whatever the handler names it). */
export interface RequestSourceModel {
  readonly id: string;
  /** Import path the file must have for the entry to apply. */
  readonly imports: readonly RegExp[];
  /** A package function (`chi.URLParam`) when set, else a method or field of a value of `receiverType`. */
  readonly packageFunction?: boolean;
  /** The written type of the handler's parameter (`*http.Request`, `*gin.Context`), matched on its text. */
  readonly receiverType?: RegExp;
  readonly names: readonly string[];
}

export const REQUEST_SOURCES: readonly RequestSourceModel[] = [
  {
    id: 'net/http.Request',
    imports: [/^net\/http$/],
    receiverType: /^\*?http\.Request$/,
    names: ['FormValue', 'PostFormValue', 'URL', 'Form', 'PostForm', 'Header', 'Cookie', 'UserAgent', 'Referer'],
  },
  {
    id: 'gin.Context',
    imports: [/^github\.com\/gin-gonic\/gin$/],
    receiverType: /^\*?gin\.Context$/,
    names: ['Query', 'DefaultQuery', 'GetQuery', 'Param', 'PostForm', 'DefaultPostForm', 'GetPostForm', 'GetHeader'],
  },
  {
    id: 'echo.Context',
    imports: [/^github\.com\/labstack\/echo(\/v\d+)?$/],
    receiverType: /^echo\.Context$/,
    names: ['QueryParam', 'Param', 'FormValue', 'QueryParams'],
  },
  {
    id: 'fiber.Ctx',
    imports: [/^github\.com\/gofiber\/fiber(\/v\d+)?$/],
    receiverType: /^\*?fiber\.Ctx$/,
    names: ['Query', 'Params', 'FormValue', 'Get', 'Cookies'],
  },
  { id: 'chi.URLParam', imports: [/^github\.com\/go-chi\/chi(\/v\d+)?$/], packageFunction: true, names: ['URLParam'] },
  { id: 'mux.Vars', imports: [/^github\.com\/gorilla\/mux$/], packageFunction: true, names: ['Vars'] },
];
