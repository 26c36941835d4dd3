import type { Rule } from '../engine/types';
import { markdownRuleTable } from './ruleDocs';

/** `threatlint rules`: the registry as a table, JSON, or the Markdown used in the README. */
export function formatRules(rules: readonly Rule[], format: 'text' | 'json' | 'markdown'): string {
  // `scope` is engine policy (patterns of import paths) and message templates are internal (findings carry
  // the formatted text): neither is part of the published metadata, so the listing stays as it was.
  if (format === 'json')
    return (
      JSON.stringify(
        rules.map(({ meta: { scope: _policy, supersedes: _supersedes, messages: _messages, ...meta } }) => meta),
        null,
        2,
      ) + '\n'
    );
  if (format === 'markdown') return markdownRuleTable(rules, 'docs/rules/') + '\n';
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  return rules.map(({ meta }) => `${meta.id.padEnd(width)}  ${meta.severity.padEnd(7)}  ${meta.fixable ? 'fix' : '   '}  ${meta.title}`).join('\n') + '\n';
}
