import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, named } from '../../../engine/syntax';
import { callArguments, goImports, qualified, resolveValue, unwrapParens } from './goSyntax';
import { jwtParserPackage } from './jwtLibraries';

/**
 * Where a file verifies JWTs: `jwt.Parse`/`ParseWithClaims` of the package, the same methods
 * on a jwt parser, and `request.ParseFromRequest(WithClaims)` of the library's request
 * package — each with its key function and the parser options that apply to it.
 */
export interface JwtParseCall {
  call: Node;
  /** The JWT package alias the call belongs to. */
  pkg: string;
  keyFunc: Node;
  /** Parser options of the call and, for a parser variable, of its `jwt.NewParser(…)`. */
  options: Node[];
  /** True when options are passed on as `opts...` or the parser's construction is not visible: their content is unknown. */
  optionsUnknown: boolean;
  /** `github.com/golang-jwt/jwt/v5`: parsers there take `WithValidMethods`. */
  v5: boolean;
}

const REQUEST_PATHS = /^github\.com\/(golang-jwt\/jwt(\/v\d+)?|dgrijalva\/jwt-go(\/v\d+)?|form3tech-oss\/jwt-go)\/request$/;

export function jwtParseCalls(root: Node, packages: Set<string>): JwtParseCall[] {
  const imports = goImports(root);
  const requestPackages = new Set([...imports].filter(([, p]) => REQUEST_PATHS.test(p)).map(([alias]) => alias));
  const v5 = new Set([...imports].filter(([, p]) => p === 'github.com/golang-jwt/jwt/v5').map(([alias]) => alias));
  const result: JwtParseCall[] = [];
  for (const call of descendants(root, 'call_expression')) {
    const fn = field(call, 'function');
    if (fn?.type !== 'selector_expression') continue;
    const method = field(fn, 'field')?.text ?? '';
    const operand = unwrapParens(field(fn, 'operand'));
    const args = callArguments(call);
    let pkg: string | undefined;
    let index: number;
    let parserOptions: Node[] = [];
    let unknown = false;
    if (method === 'Parse' || method === 'ParseWithClaims') {
      index = method === 'Parse' ? 1 : 2;
      if (operand?.type === 'identifier' && packages.has(operand.text)) pkg = operand.text;
      else {
        pkg = jwtParserPackage(operand, root, packages);
        const construction = unwrapParens(resolveValue(operand, root));
        if (construction?.type === 'call_expression' && qualified(field(construction, 'function'))?.[1] === 'NewParser')
          parserOptions = callArguments(construction);
        else if (construction?.type === 'identifier' || construction?.type === 'selector_expression') unknown = true;
        else if (construction) parserOptions = parserLiteralFields(construction);
      }
    } else if (
      (method === 'ParseFromRequest' || method === 'ParseFromRequestWithClaims') &&
      operand?.type === 'identifier' &&
      requestPackages.has(operand.text)
    ) {
      index = method === 'ParseFromRequest' ? 2 : 3;
      pkg = [...packages][0];
    } else continue;
    const keyFunc = args[index];
    if (!pkg || !keyFunc) continue;
    const options = [...parserOptions, ...args.slice(index + 1)];
    result.push({
      call,
      pkg,
      keyFunc,
      options,
      optionsUnknown: unknown || options.some((o) => o.type === 'variadic_argument' || o.text.endsWith('...')),
      v5: v5.has(pkg),
    });
  }
  return result;
}

/** `&jwt.Parser{ValidMethods: …}` (v3/v4): its keyed fields stand in for options. */
function parserLiteralFields(construction: Node): Node[] {
  const literal = construction.type === 'unary_expression' ? unwrapParens(field(construction, 'operand')) : construction;
  return literal?.type === 'composite_literal' ? named(field(literal, 'body')) : [];
}

/** Whether options pin the algorithms: `jwt.WithValidMethods(…)` or a `ValidMethods:` field. */
export function pinsMethods(options: Node[]): boolean {
  return options.some((o) => {
    const fn = o.type === 'call_expression' ? field(o, 'function') : undefined;
    if (fn && (fn.text.endsWith('WithValidMethods') || fn.text.endsWith('WithSigningMethod'))) return true;
    return o.type === 'keyed_element' && /^ValidMethods\s*:/.test(o.text);
  });
}

/** A key function's own code: a func literal (directly or through a variable), or a function or method declared in the file. */
export interface KeyFunc {
  fn: Node;
  /** The `*jwt.Token` parameter's name, when it has one. */
  token?: string;
}

export function keyFuncOf(keyFunc: Node, root: Node): KeyFunc | undefined {
  let value = unwrapParens(resolveValue(keyFunc, root));
  // A key-func factory of the file (`verifyKeyFunc(secret)`): the func literal it returns.
  if (value?.type === 'call_expression') value = factoryResult(field(value, 'function'), root);
  let fn: Node | undefined;
  if (value?.type === 'func_literal') fn = value;
  else if (value?.type === 'identifier') fn = named(root).find((n) => n.type === 'function_declaration' && field(n, 'name')?.text === value.text);
  else if (value?.type === 'selector_expression') {
    const name = field(value, 'field')?.text;
    const methods = named(root).filter((n) => n.type === 'method_declaration' && field(n, 'name')?.text === name);
    if (methods.length === 1) fn = methods[0];
  }
  if (!fn) return undefined;
  const param = named(field(fn, 'parameters')).find((p) => p.type === 'parameter_declaration');
  const name = param?.childForFieldName('name')?.text;
  return { fn, token: name && name !== '_' ? name : undefined };
}

/** The func literal a same-file function returns (`func keyFunc(k []byte) jwt.Keyfunc { return func(t *jwt.Token) … }`). */
function factoryResult(callee: Node | undefined, root: Node): Node | undefined {
  const name = unwrapParens(callee);
  if (name?.type !== 'identifier') return undefined;
  const decl = named(root).find((n) => n.type === 'function_declaration' && field(n, 'name')?.text === name.text);
  const returns = decl ? descendants(decl, 'return_statement').filter((r) => ancestor(r, ['func_literal', 'function_declaration'])?.id === decl.id) : [];
  const values = returns.map((r) => unwrapParens(named(named(r)[0])[0] ?? named(r)[0]));
  return values.length === 1 && values[0]?.type === 'func_literal' ? values[0] : undefined;
}

/**
 * Whether a key function looks at the algorithm: reads `token.Method` or `token.Header["alg"]`,
 * or hands the token to other code (which may check it; unknown counts as checked).
 */
export function checksMethod(keyFunc: KeyFunc): boolean {
  const body = field(keyFunc.fn, 'body');
  if (!body) return true;
  const token = keyFunc.token;
  if (!token) return false;
  for (const s of descendants(body, 'selector_expression')) {
    if (unwrapParens(field(s, 'operand'))?.text !== token) continue;
    const name = field(s, 'field')?.text;
    if (name === 'Method') return true;
    if (name === 'Header' && s.parent?.type === 'index_expression' && /"alg"/.test(s.parent.text)) return true;
  }
  for (const call of descendants(body, 'call_expression')) {
    if (callArguments(call).some((a) => unwrapParens(a)?.text === token)) return true;
  }
  return false;
}

/** The return statements of the key function itself (not of closures inside it). */
export function ownReturns(keyFunc: KeyFunc): Node[] {
  return descendants(keyFunc.fn, 'return_statement').filter(
    (r) => ancestor(r, ['func_literal', 'function_declaration', 'method_declaration'])?.id === keyFunc.fn.id,
  );
}
