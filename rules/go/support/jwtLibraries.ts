import type { Node } from '@vscode/tree-sitter-wasm';
import { field } from '../../../engine/syntax';
import { declaredTypeOf, functionResultType, pointee, structFieldType } from './declaredTypes';
import { callArguments, goImports, qualified, resolveValue, unwrapParens } from './goSyntax';

/** The JWT libraries whose Parser/Token API the rules understand. */
export const JWT_PATHS = [/^github\.com\/dgrijalva\/jwt-go(\/v\d+)?$/, /^github\.com\/golang-jwt\/jwt(\/v\d+)?$/, /^github\.com\/form3tech-oss\/jwt-go$/];

/** Local names (aliases included) under which this file imports a JWT library. */
export function jwtPackages(root: Node): Set<string> {
  const names = new Set<string>();
  for (const [alias, path] of goImports(root)) if (JWT_PATHS.some((re) => re.test(path))) names.add(alias);
  return names;
}

/** True when the file imports golang-jwt v5, whose parser takes options such as WithValidMethods. */
export function importsJwtV5(root: Node): boolean {
  return [...goImports(root).values()].some((p) => p === 'github.com/golang-jwt/jwt/v5');
}

/**
 * The JWT package alias when `node` evaluates to a jwt `Parser` (or a pointer to one), else
 * undefined: `new(jwt.Parser)`, `&jwt.Parser{…}`, `jwt.Parser{}`, `jwt.NewParser(…)`, and
 * variables, parameters, struct fields and local constructor functions holding or typed as one.
 */
export function jwtParserPackage(node: Node | undefined, root: Node, packages: Set<string>, depth = 0): string | undefined {
  const value = unwrapParens(resolveValue(node, root));
  if (!value || depth > 4) return undefined;
  switch (value.type) {
    case 'identifier':
      return parserType(declaredTypeOf(value, root), packages);
    case 'unary_expression':
      return field(value, 'operator')?.text === '&' ? jwtParserPackage(field(value, 'operand'), root, packages, depth + 1) : undefined;
    case 'composite_literal':
      return parserType(field(value, 'type'), packages);
    case 'selector_expression': {
      // `s.parser` where a struct of the file declares `parser *jwt.Parser`.
      const operand = field(value, 'operand');
      const name = field(value, 'field');
      if (!name || (operand?.type === 'identifier' && packages.has(operand.text))) return undefined;
      return parserType(structFieldType(name.text, root), packages);
    }
    case 'call_expression': {
      const fn = unwrapParens(field(value, 'function'));
      if (fn?.type === 'identifier' && fn.text === 'new') return parserType(callArguments(value)[0], packages);
      if (fn?.type === 'identifier') return parserType(functionResultType(fn.text, root), packages);
      const q = qualified(fn);
      return q && packages.has(q[0]) && q[1] === 'NewParser' ? q[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The package alias when `type` is `jwt.Parser` or `*jwt.Parser` of a JWT package. */
function parserType(type: Node | undefined, packages: Set<string>): string | undefined {
  const q = qualified(pointee(type));
  return q && packages.has(q[0]) && q[1] === 'Parser' ? q[0] : undefined;
}
