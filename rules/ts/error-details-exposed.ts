import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { descendants, field, rangeOf } from '../../engine/syntax';
import { callArguments, unwrapParens } from './support/modules';

/** Names an error is usually caught or handed on under (`catch (err)`, `(err, req, res, next) =>`). */
const ERROR_NAMES = /^(?:e|err|error|ex|exc|exception|cause)$/i;
const SEND_METHODS = new Set(['json', 'send', 'end', 'jsonp']);

export default defineTreeRule(
  {
    id: 'ts/error-details-exposed',
    title: 'Internal error details sent to the client',
    description:
      'A server error answered with the error itself (`err.message`, `err.stack`), which hands the caller internal details such as queries and file paths.',
    messages: {
      errorInResponse:
        'The {{status}} response carries {{leak}}: internal details (queries, paths, stack frames) go to the caller. Log it and answer with a generic message',
    },
    severity: 'warning',
    cwe: [209, 200],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-35'], summary: 'Exceptions leak internal details of the system to the adversary' },
    remediation:
      "Log the error on the server (with a request id) and answer with a generic message: `res.status(500).json({ error: 'Internal Server Error' })`.",
    fixable: true,
    languages: ['typescript'],
  },
  ({ report, file }) => {
    for (const call of descendants(file.tree.rootNode, 'call_expression')) {
      const fn = unwrapParens(field(call, 'function'));
      if (fn?.type !== 'member_expression' || !SEND_METHODS.has(field(fn, 'property')?.text ?? '')) continue;
      // `res.status(500).json(…)`: the object of `.json` is a `.status(5xx)` call.
      const statusCall = unwrapParens(field(fn, 'object'));
      if (statusCall?.type !== 'call_expression') continue;
      const statusFn = unwrapParens(field(statusCall, 'function'));
      if (statusFn?.type !== 'member_expression' || field(statusFn, 'property')?.text !== 'status') continue;
      const status = callArguments(statusCall)[0];
      if (!status || status.type !== 'number' || !/^5\d\d$/.test(status.text)) continue;
      const body = callArguments(call)[0];
      if (!body) continue;
      for (const leak of leaks(body)) {
        report({
          range: rangeOf(leak),
          messageId: 'errorInResponse',
          data: { status: status.text, leak: leak.text },
          fix: {
            title: "Answer with 'Internal Server Error' instead of the error",
            // `{ err }` is shorthand for `{ err: err }`: keep the key.
            edits: [
              {
                range: rangeOf(leak),
                newText: leak.type === 'shorthand_property_identifier' ? `${leak.text}: 'Internal Server Error'` : "'Internal Server Error'",
              },
            ],
          },
        });
      }
    }
  },
);

/** `err.message`, `err.stack`, `String(err)`, or the error object itself, inside a response body. */
function leaks(body: Node): Node[] {
  const b = unwrapParens(body);
  if (!b) return [];
  if (b.type === 'identifier') return ERROR_NAMES.test(b.text) ? [b] : [];
  const found: Node[] = [];
  for (const member of descendants(b, 'member_expression')) {
    const object = unwrapParens(field(member, 'object'));
    const property = field(member, 'property')?.text;
    if (object?.type === 'identifier' && ERROR_NAMES.test(object.text) && (property === 'message' || property === 'stack')) found.push(member);
  }
  // `{ error: err }` hands the whole object (and its stack, in some serialisers) over.
  for (const pair of descendants(b, 'pair')) {
    const value = unwrapParens(field(pair, 'value'));
    if (value?.type === 'identifier' && ERROR_NAMES.test(value.text)) found.push(value);
  }
  for (const shorthand of descendants(b, 'shorthand_property_identifier')) if (ERROR_NAMES.test(shorthand.text)) found.push(shorthand);
  return found.filter((n, i) => found.findIndex((m) => m.startIndex === n.startIndex) === i).sort((x, y) => x.startIndex - y.startIndex);
}
