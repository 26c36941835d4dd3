import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../core/defineRule';
import { maskSecret } from '../core/mask';
import { ancestor, descendants, field, named, rangeOf } from '../core/syntax';
import type { Fix, SyntaxTreeFile } from '../core/types';
import { callArgs, calledExport, moduleBindings, unwrap } from './support/modules';
import { literalSecret, type LiteralSecret } from './support/secrets';

export default defineTreeRule(
  {
    id: 'ts/jwt-hardcoded-secret',
    title: 'Hard-coded JWT secret',
    description:
      'A JWT signing or verification secret written in the source — directly, through a `const`, as the fallback of `process.env.X || "…"` / `?? "…"`, or wrapped in `Buffer.from("…")` / `new TextEncoder().encode("…")` — is known to everyone with the repository or the bundle, who can then sign tokens for any user. Checked for `jsonwebtoken` `sign`/`verify` (default, namespace and named imports, `require`), jose `new SignJWT(…).sign(key)` and `jwtVerify(token, key)`, `express-jwt` `{ secret }`, passport-jwt `{ secretOrKey }` and `@nestjs/jwt` `JwtModule.register({ secret })`. The secret is masked in messages.',
    severity: 'error',
    cwe: [798, 321],
    stride: ['Information Disclosure', 'Spoofing', 'Tampering'],
    threat: { seed: '000', ref: 'rows 18, 19', summary: 'The hard-coded JWT signing key is extracted and used to forge tokens' },
    remediation: 'Read the secret from the environment or a secret manager at start-up and fail fast when it is missing (`const secret = process.env.JWT_SECRET; if (!secret) throw …`); rotate the committed secret.',
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const reported = new Set<number>();
    const emit = (secret: LiteralSecret | undefined, use: Node, where: string) => {
      if (!secret || secret.value.length === 0 || reported.has(secret.literal.startIndex)) return;
      reported.add(secret.literal.startIndex);
      report({
        range: rangeOf(secret.literal),
        message: `JWT secret ${maskSecret(secret.value)} is written in the source${secret.envRead ? ` (as the fallback of ${secret.envRead.text})` : ''} and ${where}; anyone with the code can sign tokens`,
        related: secret.literal.startIndex === use.startIndex ? undefined : [{ range: rangeOf(use), message: `the secret is ${where} here` }],
        fix: envFix(file, secret),
      });
    };
    for (const [arg, where] of keyArguments(root)) emit(literalSecret(arg, root), arg, where);
  },
);

/** Every expression used as a JWT key by the supported libraries, with how it is used. */
function keyArguments(root: Node): [Node, string][] {
  const found: [Node, string][] = [];
  const jsonwebtoken = moduleBindings(root, ['jsonwebtoken']);
  const jose = moduleBindings(root, ['jose']);
  const expressJwt = moduleBindings(root, ['express-jwt']);
  const passportJwt = moduleBindings(root, ['passport-jwt']);
  const nestJwt = moduleBindings(root, ['@nestjs/jwt']);
  for (const call of descendants(root, 'call_expression')) {
    const exported = calledExport(call, jsonwebtoken);
    const args = callArgs(call);
    if ((exported === 'sign' || exported === 'verify') && args[1]) found.push([args[1], exported === 'sign' ? 'signs tokens' : 'verifies tokens']);
    if (calledExport(call, jose) === 'jwtVerify' && args[1]) found.push([args[1], 'verifies tokens']);
    if (isSignJwtSign(call, jose) && args[0]) found.push([args[0], 'signs tokens']);
    const ej = calledExport(call, expressJwt);
    if ((ej === 'expressjwt' || ej === 'default' || expressJwt.namespaces.has(field(call, 'function')?.text ?? '')) && args[0]) {
      const secret = property(args[0], 'secret');
      if (secret) found.push([secret, 'verifies tokens (express-jwt)']);
    }
    const fn = unwrap(field(call, 'function'));
    // NestJS: class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({ secretOrKey }) } }
    if (fn?.type === 'super' && args[0] && extendsPassportJwt(call, passportJwt)) {
      const secret = property(args[0], 'secretOrKey');
      if (secret) found.push([secret, 'verifies tokens (passport-jwt)']);
    }
    if (fn?.type === 'member_expression' && field(fn, 'property')?.text === 'register' && nestJwt.named.get(unwrap(field(fn, 'object'))?.text ?? '') === 'JwtModule') {
      const secret = args[0] && property(args[0], 'secret');
      if (secret) found.push([secret, 'signs and verifies tokens (JwtModule)']);
    }
  }
  for (const construct of descendants(root, 'new_expression')) {
    const ctor = field(construct, 'constructor')?.text ?? '';
    if (passportJwt.named.get(ctor) === 'Strategy' || passportJwt.namespaces.has(ctor.split('.')[0])) {
      const options = named(field(construct, 'arguments'))[0];
      const secret = options && property(options, 'secretOrKey');
      if (secret) found.push([secret, 'verifies tokens (passport-jwt)']);
    }
  }
  return found;
}

function extendsPassportJwt(node: Node, passportJwt: ReturnType<typeof moduleBindings>): boolean {
  const cls = ancestor(node, ['class_declaration', 'class']);
  const heritage = cls && named(cls).find((n) => n.type === 'class_heritage');
  if (!heritage) return false;
  return descendants(heritage, 'identifier').some((id) => passportJwt.named.get(id.text) === 'Strategy');
}

/** `new SignJWT(…)….sign(key)`: a `.sign` call whose receiver chain starts at jose's SignJWT. */
function isSignJwtSign(call: Node, jose: ReturnType<typeof moduleBindings>): boolean {
  const fn = unwrap(field(call, 'function'));
  if (fn?.type !== 'member_expression' || field(fn, 'property')?.text !== 'sign') return false;
  for (let object = unwrap(field(fn, 'object')); object; ) {
    if (object.type === 'new_expression') {
      const ctor = field(object, 'constructor')?.text ?? '';
      return jose.named.get(ctor) === 'SignJWT' || [...jose.namespaces].some((ns) => ctor === `${ns}.SignJWT`);
    }
    object = unwrap(object.type === 'call_expression' ? field(object, 'function') : object.type === 'member_expression' ? field(object, 'object') : undefined);
  }
  return false;
}

/** The value of `key` in an object literal (also `{ key }` shorthand). */
function property(objectNode: Node, key: string): Node | undefined {
  const object = unwrap(objectNode);
  if (object?.type !== 'object') return undefined;
  for (const member of named(object)) {
    if (member.type === 'pair' && (field(member, 'key')?.text ?? '').replace(/['"]/g, '') === key) return field(member, 'value');
    if (member.type === 'shorthand_property_identifier' && member.text === key) return member;
  }
  return undefined;
}

/** Replaces the literal (or the whole `process.env.X || "…"`) with an environment read. */
function envFix(file: SyntaxTreeFile, secret: LiteralSecret): Fix {
  const env = secret.envRead?.text ?? 'process.env.JWT_SECRET';
  const typed = file.grammar === 'typescript' || file.grammar === 'tsx';
  return {
    title: `Read the secret from ${env}${typed ? ' (and check it is set at start-up)' : ''}`,
    edits: [{ range: rangeOf(secret.replace), newText: typed ? `${env}!` : env }],
  };
}
