import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, named } from '../../../engine/syntax';
import { callArguments, calledExport, FUNCTION_NODE_TYPES, moduleBindings, stringValue, unwrapParens, type ModuleBindings } from './modules';

/** An expression a JWT library uses as a signing or verification key, and how. */
export interface KeyUse {
  key: Node;
  /** Completes "the secret is … here", e.g. `signs tokens`. */
  how: string;
}

/**
 * Where the JWT libraries of Node services take their key: jsonwebtoken `sign`/`verify`
 * (2nd argument), jose `jwtVerify(token, key)` and `new SignJWT(…).sign(key)`, express-jwt
 * `{ secret }`, passport-jwt `{ secretOrKey }`, and @nestjs/jwt `JwtModule.register(Async)`
 * options and `JwtService` call options `{ secret }` / `{ privateKey }`.
 */
export function jwtKeyUses(root: Node): KeyUse[] {
  const found: KeyUse[] = [];
  const add = (key: Node | undefined, how: string) => {
    if (key) found.push({ key, how });
  };
  const jsonwebtoken = moduleBindings(root, ['jsonwebtoken']);
  const jose = moduleBindings(root, ['jose']);
  const expressJwt = moduleBindings(root, ['express-jwt']);
  const passportJwt = moduleBindings(root, ['passport-jwt']);
  const nestJwt = moduleBindings(root, ['@nestjs/jwt']);
  const none = (b: ModuleBindings) => b.namespaces.size === 0 && b.named.size === 0;
  // No JWT library bound in the file: nothing below can match.
  if ([jsonwebtoken, jose, expressJwt, passportJwt, nestJwt].every(none)) return found;
  const jwtServices = nestJwtServices(root, nestJwt);
  for (const call of descendants(root, 'call_expression')) {
    const args = callArguments(call);
    const exported = calledExport(call, jsonwebtoken);
    if (exported === 'sign' || exported === 'verify') add(args[1], exported === 'sign' ? 'signs tokens' : 'verifies tokens');
    if (calledExport(call, jose) === 'jwtVerify') add(args[1], 'verifies tokens');
    if (isSignJwtSign(call, jose)) add(args[0], 'signs tokens');
    const ej = calledExport(call, expressJwt);
    if (ej === 'expressjwt' || ej === 'default' || isNamespaceCall(call, expressJwt))
      add(args[0] && property(args[0], 'secret'), 'verifies tokens (express-jwt)');
    const fn = unwrapParens(field(call, 'function'));
    // NestJS: class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({ secretOrKey }) } }
    if (fn?.type === 'super' && extendsPassportJwt(call, passportJwt)) add(args[0] && property(args[0], 'secretOrKey'), 'verifies tokens (passport-jwt)');
    if (fn?.type !== 'member_expression') continue;
    const method = field(fn, 'property')?.text ?? '';
    const object = unwrapParens(field(fn, 'object'));
    if (nestJwt.named.get(object?.text ?? '') === 'JwtModule') {
      if (method === 'register') add(args[0] && property(args[0], 'secret'), 'signs and verifies tokens (JwtModule)');
      if (method === 'registerAsync') for (const options of factoryResults(args[0])) add(property(options, 'secret'), 'signs and verifies tokens (JwtModule)');
    }
    if (['sign', 'signAsync', 'verify', 'verifyAsync'].includes(method) && object && jwtServices.has(serviceName(object))) {
      const options = args[1];
      const how = method.startsWith('sign') ? 'signs tokens (JwtService)' : 'verifies tokens (JwtService)';
      add(options && property(options, 'secret'), how);
      add(options && property(options, method.startsWith('sign') ? 'privateKey' : 'publicKey'), how);
    }
  }
  for (const construct of descendants(root, 'new_expression')) {
    if (!isPassportStrategy(field(construct, 'constructor'), passportJwt)) continue;
    const options = named(field(construct, 'arguments'))[0];
    add(options && property(options, 'secretOrKey'), 'verifies tokens (passport-jwt)');
  }
  return found;
}

/** The value of `key` in an object literal (also `{ key }` shorthand). */
export function property(objectNode: Node, key: string): Node | undefined {
  const object = unwrapParens(objectNode);
  if (object?.type !== 'object') return undefined;
  for (const member of named(object)) {
    const name = field(member, 'key');
    if (member.type === 'pair' && name && (stringValue(name) ?? name.text) === key) return field(member, 'value');
    if (member.type === 'shorthand_property_identifier' && member.text === key) return member;
  }
  return undefined;
}

/** Objects returned by `{ useFactory: (…) => ({ … }) }` (NestJS async module options). */
export function factoryResults(options: Node | undefined): Node[] {
  const factory = unwrapParens(options && property(options, 'useFactory'));
  if (!factory || !FUNCTION_NODE_TYPES.includes(factory.type)) return [];
  const body = unwrapParens(field(factory, 'body'));
  if (body?.type === 'object') return [body];
  return descendants(factory, 'return_statement')
    .filter((r) => ancestor(r, FUNCTION_NODE_TYPES)?.id === factory.id)
    .map((r) => unwrapParens(named(r)[0]))
    .filter((n): n is Node => n?.type === 'object');
}

/** Names of class members typed `JwtService` (constructor injection or property). */
export function nestJwtServices(root: Node, nestJwt: ModuleBindings): Set<string> {
  const names = new Set<string>();
  for (const member of descendants(root, ['required_parameter', 'optional_parameter', 'public_field_definition'])) {
    const type = named(field(member, 'type'))[0];
    if (type?.type !== 'type_identifier' || nestJwt.named.get(type.text) !== 'JwtService') continue;
    const name = field(member, member.type === 'public_field_definition' ? 'name' : 'pattern');
    if (name) names.add(name.text);
  }
  return names;
}

/** `this.jwtService` → `jwtService`; `jwtService` → itself. */
export function serviceName(object: Node): string {
  if (object.type === 'member_expression' && unwrapParens(field(object, 'object'))?.type === 'this') return field(object, 'property')?.text ?? '';
  return object.type === 'identifier' ? object.text : '';
}

/** `ns(…)` or `ns.anything(…)` where `ns` is a whole-module binding. */
export function isNamespaceCall(call: Node, bindings: ModuleBindings): boolean {
  const fn = unwrapParens(field(call, 'function'));
  const base = fn?.type === 'member_expression' ? unwrapParens(field(fn, 'object')) : fn;
  return base?.type === 'identifier' && bindings.namespaces.has(base.text);
}

/** `Strategy` imported from passport-jwt, or `ns.Strategy` of its namespace. */
export function isPassportStrategy(ctor: Node | undefined, passportJwt: ModuleBindings): boolean {
  const c = unwrapParens(ctor);
  if (c?.type === 'identifier') return passportJwt.named.get(c.text) === 'Strategy';
  if (c?.type !== 'member_expression' || field(c, 'property')?.text !== 'Strategy') return false;
  const ns = unwrapParens(field(c, 'object'));
  return ns?.type === 'identifier' && passportJwt.namespaces.has(ns.text);
}

/** Inside a class that extends passport-jwt's `Strategy` (NestJS `PassportStrategy(Strategy)`). */
export function extendsPassportJwt(node: Node, passportJwt: ModuleBindings): boolean {
  const cls = ancestor(node, ['class_declaration', 'class']);
  const heritage = cls && named(cls).find((n) => n.type === 'class_heritage');
  if (!heritage) return false;
  return descendants(heritage, 'identifier').some((id) => passportJwt.named.get(id.text) === 'Strategy');
}

/** `new SignJWT(…)….sign(key)`: a `.sign` call whose receiver chain starts at jose's SignJWT. */
function isSignJwtSign(call: Node, jose: ModuleBindings): boolean {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type !== 'member_expression' || field(fn, 'property')?.text !== 'sign') return false;
  for (let object = unwrapParens(field(fn, 'object')); object;) {
    if (object.type === 'new_expression') {
      const ctor = unwrapParens(field(object, 'constructor'));
      if (ctor?.type === 'identifier') return jose.named.get(ctor.text) === 'SignJWT';
      const ns = ctor?.type === 'member_expression' ? unwrapParens(field(ctor, 'object')) : undefined;
      return field(ctor, 'property')?.text === 'SignJWT' && ns?.type === 'identifier' && jose.namespaces.has(ns.text);
    }
    object = unwrapParens(
      object.type === 'call_expression' ? field(object, 'function') : object.type === 'member_expression' ? field(object, 'object') : undefined,
    );
  }
  return false;
}
