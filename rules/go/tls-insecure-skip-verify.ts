import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { ancestor, descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix, RuleReport } from '../../engine/types';
import { FUNCTION_NODE_TYPES, resolveValue, unwrapParens } from './support/goSyntax';
import { keyedElements, ownLines } from './support/literals';

/** Callbacks that replace the default verification: with one set, skipping it is pinning, not trusting everything. */
const CUSTOM_VERIFICATION = new Set(['VerifyPeerCertificate', 'VerifyConnection']);

export default defineTreeRule(
  {
    id: 'go/tls-insecure-skip-verify',
    title: 'TLS certificate verification disabled',
    description: 'A TLS client configured with `InsecureSkipVerify: true`, which accepts any certificate for any host.',
    messages: {
      anyCertificate: 'InsecureSkipVerify: true accepts any certificate for any host; traffic (tokens, passwords, data) can be read and changed in transit',
      optIn: 'InsecureSkipVerify: true when `{{gate}}` is set: any certificate is accepted then; keep the setting off outside development',
    },
    severity: 'error',
    cwe: [295],
    stride: ['Information Disclosure', 'Tampering', 'Spoofing'],
    threat: { ids: ['BS-25', 'BS-27'], summary: 'MITM on connections between clients, services and databases' },
    remediation:
      'Remove `InsecureSkipVerify`. For a private CA, trust it explicitly with `RootCAs` (an `x509.CertPool` loaded from the CA file); for a different server name, set `ServerName`.',
    fixable: true,
    languages: ['go'],
  },
  ({ file, report }) => {
    const root = file.tree.rootNode;
    for (const literal of descendants(root, 'composite_literal')) {
      const elements = keyedElements(literal);
      if (elements.some((e) => CUSTOM_VERIFICATION.has(e.keyText))) continue;
      for (const e of elements) {
        if (e.keyText !== 'InsecureSkipVerify' || !isTrue(e.value, root)) continue;
        const gate = optInGate(e.element);
        report(gate ? gated(e.element, gate) : { range: rangeOf(e.element), messageId: 'anyCertificate', fix: elementFix(file.text, e.element, e.value) });
      }
    }
    for (const assignment of descendants(root, 'assignment_statement')) {
      if (assignment.child(1)?.text !== '=') continue;
      const left = named(field(assignment, 'left'));
      const right = named(field(assignment, 'right'));
      left.forEach((target, i) => {
        if (target.type !== 'selector_expression' || field(target, 'field')?.text !== 'InsecureSkipVerify') return;
        const value = right[i];
        if (!value || !isTrue(value, root) || customVerificationAssigned(field(target, 'operand'), assignment)) return;
        const gate = optInGate(assignment);
        if (gate) {
          report(gated(assignment, gate));
          return;
        }
        report({
          range: rangeOf(assignment),
          messageId: 'anyCertificate',
          fix:
            value.type === 'true' && left.length === 1
              ? { title: 'Verify certificates (InsecureSkipVerify = false)', edits: [{ range: rangeOf(value), newText: 'false' }] }
              : undefined,
        });
      });
    }
  },
);

/** An enclosing `if` whose condition is an explicit opt-in setting (`if cfg.InsecureSkipTLSVerify {`). */
function optInGate(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (FUNCTION_NODE_TYPES.includes(p.type)) return undefined;
    // `if cfg.Insecure {` or a config parser's `case "tls_insecure_skip_verify":`.
    const condition = p.type === 'if_statement' ? field(p, 'condition') : p.type === 'expression_case' ? field(p, 'value') : undefined;
    if (condition && /insecure|skip_?(tls_?)?verif|allow_?self_?signed|self_?signed/i.test(condition.text)) return condition;
  }
  return undefined;
}

/** Opt-in skipping is a deliberate feature: a note that it must stay off in production, with no fix. */
function gated(node: Node, gate: Node): RuleReport<'optIn'> {
  return {
    range: rangeOf(node),
    severity: 'note',
    messageId: 'optIn',
    data: { gate: gate.text.length > 40 ? gate.text.slice(0, 37) + '...' : gate.text },
    related: [{ range: rangeOf(gate), message: 'the opt-in setting' }],
  };
}

function isTrue(value: Node, root: Node): boolean {
  return resolveValue(value, root)?.type === 'true';
}

/** `x.VerifyPeerCertificate = …` on the same operand in the same function. */
function customVerificationAssigned(operand: Node | undefined, assignment: Node): boolean {
  const fn = ancestor(assignment, FUNCTION_NODE_TYPES);
  if (!operand || !fn) return false;
  return descendants(fn, 'selector_expression').some(
    (s) =>
      CUSTOM_VERIFICATION.has(field(s, 'field')?.text ?? '') &&
      unwrapParens(field(s, 'operand'))?.text === operand.text &&
      s.parent?.parent?.type === 'assignment_statement',
  );
}

/** Deletes the element when it has its line(s) to itself, else sets it to false. */
function elementFix(text: string, element: Node, value: Node): Fix | undefined {
  // A variable holding `true` would be left unused (a compile error in Go): no fix then.
  if (value.type !== 'true') return undefined;
  const lines = ownLines(text, element);
  if (lines) return { title: 'Verify certificates (remove InsecureSkipVerify)', edits: [{ range: lines, newText: '' }] };
  return { title: 'Verify certificates (InsecureSkipVerify: false)', edits: [{ range: rangeOf(value), newText: 'false' }] };
}
