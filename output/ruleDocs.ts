import * as path from 'node:path';
import { THREAT_MODEL_DOC, threatAnchor, type ThreatId } from '../engine/threats';
import type { Rule } from '../engine/types';

/** Where the docs are published; SARIF and reports link there, hovers to the bundled copies. */
export const DOCS_BASE_URL = 'https://github.com/threatlint/threatlint/blob/main/';

/** CWE entry URL; also used by SARIF and hovers. */
export function cweUrl(id: number): string {
  return `https://cwe.mitre.org/data/definitions/${id}.html`;
}

/** Path of a rule's doc relative to the repository (and the packaged extension). */
export function docPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** Link target of a threat's section of the threat-model page, e.g. `…/docs/threat-model.md#bs-06`. */
export type ThreatHref = (id: ThreatId) => string;

/** The published threat-model page: for output read away from the repository (SARIF, reports). */
export const onlineThreatHref: ThreatHref = (id) => `${DOCS_BASE_URL}${THREAT_MODEL_DOC}#${threatAnchor(id)}`;

/** `[BS-06](…), [BS-15](…)`. */
export function threatLinks(ids: readonly ThreatId[], href: ThreatHref): string {
  return ids.map((id) => `[${id}](${href(id)})`).join(', ');
}

/**
 * Ends the generated part of a rule's doc. `npm run docs` rewrites everything down to it and
 * keeps what follows: the hand-written Details section (the long form of the description).
 */
export const DETAILS_MARKER = '<!-- details: written by hand below this line; `npm run docs` keeps it -->';

/** A rule doc's generated part (through the marker line) and the hand-written rest; no marker: all generated, no details. */
export function splitRuleDoc(text: string): { generated: string; details: string | undefined } {
  const at = text.indexOf(`\n${DETAILS_MARKER}\n`);
  if (at < 0) return { generated: text, details: undefined };
  const end = at + DETAILS_MARKER.length + 2;
  return { generated: text.slice(0, end), details: text.slice(end) };
}

/** The text of a Details section (`## Details` and what follows it), or '' when it is missing or empty. */
export function detailsText(details: string | undefined): string {
  const match = /^\s*## Details\n([\s\S]*)$/.exec(details ?? '');
  return match ? match[1].trim() : '';
}

/**
 * The generated part of a rule's Markdown page, from its metadata and its main fixtures
 * (annotations already stripped), through the details marker.
 */
export function renderRuleDoc(rule: Rule, fixtures: { positive: string; negative: string; language: string }): string {
  const { meta } = rule;
  // Relative, so the link works on GitHub and in the packaged extension alike.
  const threatModel = path.posix.relative(path.posix.dirname(docPath(meta.id)), THREAT_MODEL_DOC);
  const lines = [
    `# ${meta.id}`,
    '',
    `**${meta.title}**`,
    '',
    '<!-- Generated from the rule metadata and fixtures by `npm run docs`, down to the details marker; edit the Details section below it by hand. -->',
    '',
    `| | |`,
    `|---|---|`,
    `| Severity | ${meta.severity} |`,
    `| STRIDE | ${meta.stride.join(', ')} |`,
    `| CWE | ${meta.cwe.map((c) => `[CWE-${c}](${cweUrl(c)})`).join(', ')} |`,
    `| Threats | ${threatLinks(meta.threat.ids, (id) => `${threatModel}#${threatAnchor(id)}`)}: ${meta.threat.summary} |`,
    `| Languages | ${meta.languages.join(', ')} |`,
    `| Quick fix | ${meta.fixable ? 'yes' : 'no'} |`,
    '',
    '## What it finds',
    '',
    meta.description,
    '',
    'What exactly is checked, and what is not: [Details](#details).',
    '',
    '## How to fix it',
    '',
    meta.remediation,
    '',
    '## Examples',
    '',
    "Flagged (from the rule's positive fixture):",
    '',
    '```' + fixtures.language,
    fixtures.positive.trimEnd(),
    '```',
    '',
    'Not flagged (from the negative fixture):',
    '',
    '```' + fixtures.language,
    fixtures.negative.trimEnd(),
    '```',
    '',
    '## Suppressing',
    '',
    `\`${meta.languages.some((l) => l === 'go' || l === 'typescript') ? '//' : '#'} threatlint-ignore ${meta.id} -- <why this is safe here>\` on the line above or at the end of the line. Add \`until=YYYY-MM-DD\` before \`--\` for a time-boxed exception; after that day the finding is reported again.`,
    '',
    DETAILS_MARKER,
    '',
  ];
  return lines.join('\n');
}

/** The rule table in Markdown; `linkPrefix` makes links relative to where the table is written. */
export function markdownRuleTable(rules: readonly Rule[], linkPrefix: string): string {
  const rows = rules.map(
    ({ meta }) =>
      `| [\`${meta.id}\`](${linkPrefix}${meta.id}.md) | ${meta.title} | ${meta.severity} | ${meta.stride.join(', ')} | ${meta.cwe.map((c) => `CWE-${c}`).join(', ')} | ${meta.fixable ? 'yes' : ''} |`,
  );
  return ['| Rule | Title | Severity | STRIDE | CWE | Fix |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
