import type { Node } from '@vscode/tree-sitter-wasm';
import { goImports } from './goSyntax';

/** The JWT libraries whose Parser/Token API the rules understand. */
const JWT_PATHS = [/^github\.com\/dgrijalva\/jwt-go(\/v\d+)?$/, /^github\.com\/golang-jwt\/jwt(\/v\d+)?$/, /^github\.com\/form3tech-oss\/jwt-go$/];

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
