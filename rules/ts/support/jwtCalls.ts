import type { Node } from '@vscode/tree-sitter-wasm';
import { memoOf } from '../../../engine/memo';
import { descendants, field, named } from '../../../engine/syntax';
import { resolve } from './flow';
import { extendsPassportJwt, factoryResults, isNamespaceCall, isPassportStrategy, nestJwtServices, serviceName } from './jwtKeys';
import { callArguments, calledExport, FUNCTION_NODE_TYPES, importsAny, moduleBindings, stringValue, unwrapParens, type ModuleBindings } from './modules';

/** Which API a JWT call goes through; options differ by library. */
export type JwtApi = 'jsonwebtoken' | 'jose' | 'express-jwt' | 'passport-jwt' | 'nest-module' | 'nest-service';

/** A place where a token is signed or verified, with the options it is given. */
export interface JwtCall {
  side: 'sign' | 'verify';
  api: JwtApi;
  /** The call (or `new`) expression, and the part to underline. */
  node: Node;
  callee: Node;
  /** The options argument as written (absent: undefined). */
  optionsArg?: Node;
  /** The object literal the options resolve to; undefined when absent or not shown by the file. */
  options?: Node;
  /** Whether the file shows every option: absent, or an object without unresolved spreads. */
  optionsKnown: boolean;
  /** sign: the payload argument. */
  payload?: Node;
  /** verify: the key argument. */
  key?: Node;
  /** jose `new SignJWT(…)….sign()`: the builder methods called in the chain, by name. */
  chain?: Map<string, Node>;
  /** The arguments node, to insert options into. */
  args?: Node;
}

/** The object literal an expression resolves to (through consts and lets), if any. */
export function objectOf(node: Node | undefined, root: Node): Node | undefined {
  const resolved = unwrapParens(resolve(node, root));
  return resolved?.type === 'object' ? resolved : undefined;
}

/**
 * The value of `key` in an object literal, looking through `{ ...base }` spreads of objects the
 * file shows. `unknown` when an unresolved spread could supply it.
 */
export function prop(object: Node | undefined, key: string, root: Node, depth = 0): Node | 'unknown' | undefined {
  if (!object || depth > 4) return undefined;
  let found: Node | 'unknown' | undefined;
  for (const member of named(object)) {
    if (member.type === 'pair') {
      const name = field(member, 'key');
      if (name && (stringValue(name) ?? name.text) === key) found = field(member, 'value');
    } else if (member.type === 'shorthand_property_identifier' && member.text === key) found = member;
    else if (member.type === 'spread_element') {
      const spread = objectOf(named(member)[0], root);
      const inner = spread ? prop(spread, key, root, depth + 1) : 'unknown';
      if (inner !== undefined) found = inner;
    }
  }
  return found;
}

/** Whether an object shows all its keys (no spread of something the file does not show). */
export function isClosed(object: Node, root: Node): boolean {
  return named(object).every((m) => m.type !== 'spread_element' || objectOf(named(m)[0], root) !== undefined);
}

function withOptions(partial: Omit<JwtCall, 'options' | 'optionsKnown'>, root: Node): JwtCall {
  const arg = partial.optionsArg;
  if (!arg) return { ...partial, optionsKnown: true };
  const options = objectOf(arg, root);
  return { ...partial, options, optionsKnown: options !== undefined && isClosed(options, root) };
}

/**
 * Every sign and verify of the JWT libraries Node services use: jsonwebtoken `sign`/`verify`,
 * jose `new SignJWT(…)….sign()` and `jwtVerify`, express-jwt, passport-jwt strategies (also
 * NestJS `PassportStrategy(Strategy)` `super({…})`), and @nestjs/jwt module options and
 * `JwtService` calls.
 */
export function jwtCalls(root: Node): JwtCall[] {
  // Several rules read the same calls of a file: find them once per analysis.
  return memoOf(root.tree)(JWT_CALLS, () => findJwtCalls(root));
}

const JWT_CALLS = Symbol('jwt calls');

function findJwtCalls(root: Node): JwtCall[] {
  const calls: JwtCall[] = [];
  if (!importsAny(root, ['jsonwebtoken', 'jose', 'express-jwt', 'passport-jwt', '@nestjs/jwt'])) return calls;
  const jsonwebtoken = moduleBindings(root, ['jsonwebtoken']);
  const jose = moduleBindings(root, ['jose']);
  const expressJwt = moduleBindings(root, ['express-jwt']);
  const passportJwt = moduleBindings(root, ['passport-jwt']);
  const nestJwt = moduleBindings(root, ['@nestjs/jwt']);
  const services = nestJwtServices(root, nestJwt);
  for (const call of descendants(root, 'call_expression')) {
    const args = callArguments(call);
    const callee = field(call, 'function') ?? call;
    const argsNode = field(call, 'arguments');
    const exported = calledExport(call, jsonwebtoken);
    if (exported === 'sign' || exported === 'verify') {
      const third = unwrapParens(args[2]);
      const optionsArg = third && !FUNCTION_NODE_TYPES.includes(third.type) ? args[2] : undefined;
      calls.push(
        withOptions(
          {
            side: exported,
            api: 'jsonwebtoken',
            node: call,
            callee,
            optionsArg,
            payload: exported === 'sign' ? args[0] : undefined,
            key: args[1],
            args: argsNode,
          },
          root,
        ),
      );
      continue;
    }
    if (calledExport(call, jose) === 'jwtVerify') {
      calls.push(withOptions({ side: 'verify', api: 'jose', node: call, callee, optionsArg: args[2], key: args[1], args: argsNode }, root));
      continue;
    }
    const chain = signJwtChain(call, jose);
    if (chain) {
      calls.push({ side: 'sign', api: 'jose', node: call, callee, optionsKnown: true, payload: chain.payload, chain: chain.methods, args: argsNode });
      continue;
    }
    const ej = calledExport(call, expressJwt);
    if (ej === 'expressjwt' || ej === 'default' || isNamespaceCall(call, expressJwt)) {
      calls.push(withOptions({ side: 'verify', api: 'express-jwt', node: call, callee, optionsArg: args[0], args: argsNode }, root));
      continue;
    }
    const fn = unwrapParens(field(call, 'function'));
    if (fn?.type === 'super' && extendsPassportJwt(call, passportJwt)) {
      calls.push(withOptions({ side: 'verify', api: 'passport-jwt', node: call, callee, optionsArg: args[0], args: argsNode }, root));
      continue;
    }
    if (fn?.type !== 'member_expression') continue;
    const method = field(fn, 'property')?.text ?? '';
    const object = unwrapParens(field(fn, 'object'));
    if (nestJwt.named.get(object?.text ?? '') === 'JwtModule' && (method === 'register' || method === 'registerAsync')) {
      const optionObjects = method === 'register' ? [args[0]] : factoryResults(args[0]);
      for (const options of optionObjects) {
        const resolved = objectOf(options, root);
        if (!resolved) continue;
        const signOptions = objectOf(asNode(prop(resolved, 'signOptions', root)), root);
        const verifyOptions = objectOf(asNode(prop(resolved, 'verifyOptions', root)), root);
        calls.push({
          side: 'sign',
          api: 'nest-module',
          node: call,
          callee,
          optionsArg: resolved,
          options: signOptions,
          optionsKnown: isClosed(resolved, root) && prop(resolved, 'signOptions', root) !== 'unknown' && (!signOptions || isClosed(signOptions, root)),
          args: argsNode,
        });
        calls.push({
          side: 'verify',
          api: 'nest-module',
          node: call,
          callee,
          optionsArg: resolved,
          options: verifyOptions,
          optionsKnown: isClosed(resolved, root) && (!verifyOptions || isClosed(verifyOptions, root)),
          args: argsNode,
        });
      }
      continue;
    }
    if (['sign', 'signAsync', 'verify', 'verifyAsync'].includes(method) && object && services.has(serviceName(object))) {
      const side = method.startsWith('sign') ? 'sign' : 'verify';
      calls.push(
        withOptions(
          { side, api: 'nest-service', node: call, callee, optionsArg: args[1], payload: side === 'sign' ? args[0] : undefined, args: argsNode },
          root,
        ),
      );
    }
  }
  for (const construct of descendants(root, 'new_expression')) {
    if (!isPassportStrategy(field(construct, 'constructor'), passportJwt)) continue;
    const args = named(field(construct, 'arguments')).filter((n) => n.type !== 'comment');
    calls.push(
      withOptions(
        {
          side: 'verify',
          api: 'passport-jwt',
          node: construct,
          callee: field(construct, 'constructor') ?? construct,
          optionsArg: args[0],
          args: field(construct, 'arguments'),
        },
        root,
      ),
    );
  }
  return calls;
}

function asNode(value: Node | 'unknown' | undefined): Node | undefined {
  return value === 'unknown' ? undefined : value;
}

/** `new SignJWT(payload).setX(…)….sign(key)`: the payload and the builder calls of the chain. */
function signJwtChain(call: Node, jose: ModuleBindings): { payload?: Node; methods: Map<string, Node> } | undefined {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type !== 'member_expression' || field(fn, 'property')?.text !== 'sign') return undefined;
  const methods = new Map<string, Node>();
  for (let object = unwrapParens(field(fn, 'object')); object;) {
    if (object.type === 'new_expression') {
      const ctor = unwrapParens(field(object, 'constructor'));
      const ns = ctor?.type === 'member_expression' ? unwrapParens(field(ctor, 'object')) : undefined;
      const isSignJwt =
        ctor?.type === 'identifier'
          ? jose.named.get(ctor.text) === 'SignJWT'
          : field(ctor, 'property')?.text === 'SignJWT' && ns?.type === 'identifier' && jose.namespaces.has(ns.text);
      return isSignJwt ? { payload: named(field(object, 'arguments'))[0], methods } : undefined;
    }
    if (object.type === 'call_expression') {
      const f = unwrapParens(field(object, 'function'));
      if (f?.type === 'member_expression') methods.set(field(f, 'property')?.text ?? '', object);
      object = unwrapParens(field(object, 'function'));
    } else if (object.type === 'member_expression') object = unwrapParens(field(object, 'object'));
    else return undefined;
  }
  return undefined;
}

/** Inserts `text` (a `key: value` pair) as the first property of an object literal, keeping its layout. */
export function insertProperty(object: Node, text: string): { range: { start: number; end: number }; newText: string } {
  const members = named(object).filter((n) => n.type !== 'comment');
  const at = object.startIndex + 1;
  if (members.length === 0) return { range: { start: at, end: object.endIndex - 1 }, newText: ` ${text} ` };
  const first = members[0];
  const between = object.tree.rootNode.text.slice(at, first.startIndex);
  if (between.includes('\n')) {
    const indent = between.slice(between.lastIndexOf('\n') + 1);
    return { range: { start: first.startIndex, end: first.startIndex }, newText: `${text},\n${indent}` };
  }
  return { range: { start: first.startIndex, end: first.startIndex }, newText: `${text}, ` };
}
