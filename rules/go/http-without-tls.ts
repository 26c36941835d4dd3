import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { isLoopbackAddress } from '../common/hosts';
import { nameWords } from '../common/secrets';
import { descendants, field, rangeOf } from '../../engine/syntax';
import type { Fix, RelatedLocation, SyntaxTreeFile } from '../../engine/types';
import { declaredTypeOf, pointee, structFieldType } from './support/declaredTypes';
import { callArguments, goImports, goStringValue, isStringLiteral, qualified, resolveValue, unwrapParens } from './support/goSyntax';
import { addImports } from './support/imports';
import { jwtPackages } from './support/jwtLibraries';

/** Frameworks' plain-HTTP start methods, their TLS counterparts, and the constructors of their servers. */
const SERVERS: { path: RegExp; constructors: string[]; type: string; method: string; tls: string }[] = [
  { path: /^net\/http$/, constructors: [], type: 'Server', method: 'ListenAndServe', tls: 'ListenAndServeTLS' },
  { path: /^github\.com\/gin-gonic\/gin$/, constructors: ['Default', 'New'], type: 'Engine', method: 'Run', tls: 'RunTLS' },
  { path: /^github\.com\/labstack\/echo(\/v\d+)?$/, constructors: ['New'], type: 'Echo', method: 'Start', tls: 'StartTLS' },
  { path: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, constructors: ['New'], type: 'App', method: 'Listen', tls: 'ListenTLS' },
];

/** Words in names and routes that say the server deals with credentials. */
const AUTH_WORDS = new Set([
  'auth',
  'authorization',
  'authorize',
  'authenticate',
  'authentication',
  'authenticator',
  'jwt',
  'jwtauth',
  'login',
  'signin',
  'bearer',
  'oauth',
  'oauth2',
  'token',
  'session',
  'password',
]);

export default defineTreeRule(
  {
    id: 'go/http-without-tls',
    title: 'Authenticated API served over plain HTTP',
    description:
      'A server that handles credentials but listens on plain HTTP (`ListenAndServe`, gin `Run`, …), so tokens and passwords cross the network in cleartext.',
    messages: {
      plainHttp:
        '{{text}} serves an API that handles credentials over plain HTTP: tokens and passwords cross the network in cleartext unless TLS is terminated in front of it',
    },
    severity: 'note',
    cwe: [319],
    stride: ['Information Disclosure', 'Tampering', 'Spoofing'],
    threat: { ids: ['BS-25'], summary: 'MITM on exposed APIs without TLS' },
    remediation:
      'Serve TLS 1.2+ (`srv.ListenAndServeTLS(certFile, keyFile)` with `TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}`), or terminate TLS at the Ingress/mesh and keep this listener unreachable from outside the pod.',
    fixable: true,
    languages: ['go'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const imports = [...goImports(root)];
    const frameworks = SERVERS.map((s) => ({ ...s, aliases: new Set(imports.filter(([, p]) => s.path.test(p)).map(([a]) => a)) })).filter(
      (s) => s.aliases.size > 0,
    );
    if (frameworks.length === 0) return;
    const calls = descendants(root, 'call_expression');
    // A file that also serves TLS uses its plain listener for redirects.
    if (calls.some((c) => /(ListenAndServeTLS|ServeTLS|RunTLS|StartTLS|ListenTLS|StartAutoTLS|RunAutoTLS)$/.test(field(c, 'function')?.text ?? ''))) return;
    let evidence: RelatedLocation | undefined | null = null;
    for (const call of calls) {
      const fn = field(call, 'function');
      if (fn?.type !== 'selector_expression') continue;
      const method = field(fn, 'field')?.text;
      const operand = unwrapParens(field(fn, 'operand'));
      const server = frameworks.find((s) => s.method === method && serves(operand, s, root));
      if (!server || !operand) continue;
      const packageLevel = operand.type === 'identifier' && server.aliases.has(operand.text);
      const args = callArguments(call);
      const addr = packageLevel || server.method !== 'ListenAndServe' ? args[0] : serverAddr(operand, root);
      if (isLoopback(addr, root)) continue;
      evidence ??= authEvidence(file);
      if (!evidence) return;
      report({
        range: rangeOf(call),
        messageId: 'plainHttp',
        data: { text: fn.text },
        related: [evidence],
        fix: tlsFix(file, call, server.tls, packageLevel, args),
      });
    }
  },
);

/** Whether `operand` is the framework's package (net/http's `http.ListenAndServe`) or a server/engine of it. */
function serves(operand: Node | undefined, server: { aliases: Set<string>; constructors: string[]; type: string; method: string }, root: Node): boolean {
  if (!operand) return false;
  if (operand.type === 'identifier' && server.aliases.has(operand.text)) return server.method === 'ListenAndServe';
  const value = unwrapParens(resolveValue(operand, root));
  const literal = value?.type === 'unary_expression' ? unwrapParens(field(value, 'operand')) : value;
  const isType = (type: Node | undefined) => {
    const q = qualified(pointee(type));
    return q !== undefined && server.aliases.has(q[0]) && q[1] === server.type;
  };
  if (literal?.type === 'composite_literal') return isType(field(literal, 'type'));
  if (literal?.type === 'call_expression') {
    const q = qualified(field(literal, 'function'));
    return q !== undefined && server.aliases.has(q[0]) && server.constructors.includes(q[1]);
  }
  if (literal?.type === 'identifier') return isType(declaredTypeOf(literal, root));
  if (literal?.type === 'selector_expression') return isType(structFieldType(field(literal, 'field')?.text ?? '', root));
  return false;
}

/** The `Addr:` of an `http.Server` literal the operand holds. */
function serverAddr(operand: Node, root: Node): Node | undefined {
  const value = unwrapParens(resolveValue(operand, root));
  const literal = value?.type === 'unary_expression' ? unwrapParens(field(value, 'operand')) : value;
  if (literal?.type !== 'composite_literal') return undefined;
  const element = descendants(field(literal, 'body') ?? literal, 'keyed_element').find((e) => e.text.startsWith('Addr'));
  const inner = element?.namedChildren[1];
  return inner?.type === 'literal_element' ? (inner.namedChildren[0] ?? undefined) : (inner ?? undefined);
}

/** A literal (or resolved) listen address on a loopback host. */
function isLoopback(addr: Node | undefined, root: Node): boolean {
  const value = unwrapParens(resolveValue(addr, root));
  return value !== undefined && isStringLiteral(value) && isLoopbackAddress(goStringValue(value) ?? '');
}

/** The first sign in the file that the server deals with credentials, as a related location. */
function authEvidence(file: SyntaxTreeFile): RelatedLocation | undefined {
  const root = file.tree.rootNode;
  for (const literal of descendants(root, ['interpreted_string_literal', 'raw_string_literal'])) {
    if (literal.parent?.type === 'import_spec') continue;
    const value = goStringValue(literal) ?? '';
    if (/^(authorization|bearer ?)$/i.test(value)) return { range: rangeOf(literal), message: 'the server reads the Authorization header' };
    if (/^\/\S*$/.test(value) && nameWords(value).some((w) => AUTH_WORDS.has(w)))
      return { range: rangeOf(literal), message: `route ${value} handles credentials` };
  }
  for (const spec of descendants(root, 'import_spec')) {
    const path = goStringValue(field(spec, 'path') ?? spec) ?? '';
    const last =
      path
        .split('/')
        .filter((p) => !/^v\d+$/.test(p))
        .pop() ?? '';
    if (jwtPackages(root).size > 0 && /jwt/.test(path)) return { range: rangeOf(spec), message: 'the file verifies JWTs' };
    if (nameWords(last).some((w) => AUTH_WORDS.has(w))) return { range: rangeOf(spec), message: `the server uses ${path}` };
  }
  for (const id of descendants(root, ['identifier', 'field_identifier'])) {
    if (nameWords(id.text).some((w) => AUTH_WORDS.has(w))) return { range: rangeOf(id), message: `${id.text} handles credentials` };
  }
  return undefined;
}

/** `ListenAndServe(addr, h)` → `ListenAndServeTLS(addr, cert, key, h)`; methods of servers and engines likewise. */
function tlsFix(file: SyntaxTreeFile, call: Node, tlsMethod: string, packageLevel: boolean, args: Node[]): Fix | undefined {
  const fn = field(call, 'function');
  const method = fn ? field(fn, 'field') : undefined;
  const list = field(call, 'arguments');
  if (!method || !list) return undefined;
  const files = 'os.Getenv("TLS_CERT_FILE"), os.Getenv("TLS_KEY_FILE")';
  let insert: { at: number; text: string };
  if (packageLevel) {
    if (args.length !== 2) return undefined;
    insert = { at: args[0].endIndex, text: `, ${files}` };
  } else if (tlsMethod === 'ListenAndServeTLS') {
    if (args.length !== 0) return undefined;
    insert = { at: list.startIndex + 1, text: files };
  } else {
    if (args.length !== 1) return undefined;
    insert = { at: args[0].endIndex, text: `, ${files}` };
  }
  return {
    title: `Serve TLS (${tlsMethod} with TLS_CERT_FILE/TLS_KEY_FILE)`,
    edits: [
      { range: rangeOf(method), newText: tlsMethod },
      { range: { start: insert.at, end: insert.at }, newText: insert.text },
      ...addImports(file.tree.rootNode, ['os']),
    ],
  };
}
