import { defineRule } from '../../engine/defineRule';
import { LineIndex } from '../../engine/lineIndex';
import { findSuppressions } from '../../engine/suppressions';

/** A suppression is a security decision; without a written reason nobody can review it. */
export default defineRule(
  {
    id: 'threatlint/suppression-reason',
    title: 'Suppression without a reason',
    description: 'A `threatlint-ignore` comment without a written reason, so a reviewer cannot tell an accepted risk from a silenced one.',
    messages: { noReason: 'Suppression without a reason: write why this finding is safe to ignore after "--"' },
    severity: 'warning',
    cwe: [1078],
    stride: ['Repudiation'],
    threat: { ids: ['BS-13', 'BS-32'], summary: 'Actions that cannot be attributed or proven afterwards (repudiation)' },
    remediation: 'Write why the finding is safe to ignore after `--`, e.g. `# threatlint-ignore k8s/image-latest-tag -- pinned by the release pipeline`.',
    fixable: false,
    languages: ['kubernetes', 'compose', 'dockerfile', 'go', 'typescript'],
    scope: { testCode: 'check' },
  },
  ({ file, report }) => {
    for (const comment of findSuppressions(file.text, new LineIndex(file.text))) {
      if (comment.reason === '' || /^todo\b/i.test(comment.reason)) {
        report({ range: comment.markerRange, messageId: 'noReason' });
      }
    }
  },
);
