import type { Rule } from '../../engine/types';
import { STALE_SUPPRESSION_RULE, type StaleMessageId } from '../../engine/suppressions';

/**
 * A suppression that no longer suppresses anything is a recorded risk decision about code that
 * has changed: it misleads reviewers and silently hides the next finding on that line. The engine
 * reports these in its `stale-suppressions` pass (it alone knows which comments covered a finding),
 * so the rule is metadata only.
 */
const rule: Rule = {
  meta: {
    id: STALE_SUPPRESSION_RULE,
    title: 'Stale suppression',
    description:
      'A `threatlint-ignore` comment that suppresses nothing (or has an invalid `until=` date), which misstates the accepted risks and will hide the next finding on its line.',
    messages: {
      badUntil: 'until={{until}} is not a date (YYYY-MM-DD), so this suppression never expires',
      unknownRule: 'Suppression names {{rules}} ({{ids}}) and suppresses nothing on line {{line}}; remove it or fix the id',
      noMatch: 'Suppression{{of}} matches no finding on line {{line}}: the finding is gone, so remove the comment',
    } satisfies Record<StaleMessageId, string>,
    severity: 'warning',
    cwe: [561],
    stride: ['Repudiation'],
    threat: { ids: ['BS-13', 'BS-32'], summary: 'Actions that cannot be attributed or proven afterwards (repudiation)' },
    remediation: 'Delete the comment (the quick fix does), or correct its rule id; give time-boxed exceptions an expiry such as `until=2026-06-30`.',
    fixable: true,
    languages: ['kubernetes', 'compose', 'dockerfile', 'go', 'typescript'],
    scope: { testCode: 'check' },
  },
  pass: 'stale-suppressions',
};

export default rule;
