import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, rangeOf } from '../../engine/syntax';
import type { Fix, SyntaxTreeFile } from '../../engine/types';
import { callArguments, goImports, qualified, unwrapParens } from './support/goSyntax';
import { addImports } from './support/imports';

/** Web frameworks whose context methods write a response: `c.JSON(status, body)` and friends. */
const FRAMEWORKS = ['github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/labstack/echo/v4', 'github.com/gofiber/fiber/v2'];
const RESPONSE_METHODS = new Set(['JSON', 'String', 'AbortWithStatusJSON', 'IndentedJSON', 'PureJSON', 'XML']);
/** net/http's 5xx status constants. */
const SERVER_ERRORS = new Set([
  'StatusInternalServerError',
  'StatusNotImplemented',
  'StatusBadGateway',
  'StatusServiceUnavailable',
  'StatusGatewayTimeout',
  'StatusHTTPVersionNotSupported',
  'StatusVariantAlsoNegotiates',
  'StatusInsufficientStorage',
  'StatusLoopDetected',
  'StatusNotExtended',
  'StatusNetworkAuthenticationRequired',
]);

export default defineTreeRule(
  {
    id: 'go/error-details-exposed',
    title: 'Internal error details sent to the client',
    description: "A server error answered with the error's own text, which hands the caller internal details such as queries, paths and hosts.",
    messages: {
      errorInResponse:
        'The {{status}} response carries {{leak}}: internal details (queries, paths, hosts) go to the caller. Log it and answer with a generic message',
    },
    severity: 'warning',
    cwe: [209, 200],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-35'], summary: 'Exceptions leak internal details of the system to the adversary' },
    remediation:
      'Log the error on the server (with a request id) and answer with a generic message: `http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)`.',
    fixable: true,
    languages: ['go'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    const imports = goImports(root);
    const httpPackages = new Set([...imports].filter(([, p]) => p === 'net/http').map(([name]) => name));
    const usesFramework = [...imports.values()].some((p) => FRAMEWORKS.includes(p));
    if (httpPackages.size === 0 && !usesFramework) return;
    for (const call of descendants(root, 'call_expression')) {
      const fn = field(call, 'function');
      if (fn?.type !== 'selector_expression') continue;
      const method = field(fn, 'field')?.text ?? '';
      const args = callArguments(call);
      const q = qualified(fn);
      let status: Node | undefined;
      let body: Node | undefined;
      if (method === 'Error' && q && httpPackages.has(q[0]) && args.length === 3) [, body, status] = args;
      else if (usesFramework && RESPONSE_METHODS.has(method) && args.length >= 2) [status, body] = args;
      else continue;
      if (!status || !body || !isServerError(status, httpPackages)) continue;
      for (const leak of errorTexts(body)) {
        report({
          range: rangeOf(leak),
          messageId: 'errorInResponse',
          data: { status: statusText(status), leak: leak.text },
          fix: genericFix(file, leak, status, httpPackages),
        });
      }
    }
  },
);

/** `x.Error()` calls inside a response body: the error's own text. */
function errorTexts(body: Node): Node[] {
  return descendants(body, 'call_expression').filter((c) => {
    const fn = field(c, 'function');
    if (fn?.type !== 'selector_expression' || field(fn, 'field')?.text !== 'Error' || callArguments(c).length > 0) return false;
    // `ctx.Err().Error()` is "context canceled" or "deadline exceeded": nothing internal.
    const operand = unwrapParens(field(fn, 'operand'));
    return !(operand?.type === 'call_expression' && /\.Err$/.test(field(operand, 'function')?.text ?? ''));
  });
}

function isServerError(status: Node, httpPackages: Set<string>): boolean {
  const s = unwrapParens(status);
  if (s?.type === 'int_literal') return /^5\d\d$/.test(s.text);
  const q = qualified(s);
  return (
    q !== undefined &&
    (httpPackages.has(q[0]) || q[0] === 'http' || q[0] === 'fiber') &&
    (SERVER_ERRORS.has(q[1]) || /^Status(InternalServerError|ServiceUnavailable|BadGateway)$/.test(q[1]))
  );
}

function statusText(status: Node): string {
  const q = qualified(unwrapParens(status));
  return q ? q[1].replace(/^Status/, '') : status.text;
}

/** `err.Error()` → `http.StatusText(<status>)`, importing net/http when the file does not. */
function genericFix(file: SyntaxTreeFile, leak: Node, status: Node, httpPackages: Set<string>): Fix {
  const http = [...httpPackages][0] ?? 'http';
  return {
    title: 'Answer with the generic status text instead of the error',
    edits: [
      { range: rangeOf(leak), newText: `${http}.StatusText(${status.text})` },
      ...(httpPackages.size === 0 ? addImports(file.tree.rootNode, ['net/http']) : []),
    ],
  };
}
