import { defineYamlRule } from '../../engine/defineRule';
import { templatedWithin } from './support/templates';
import { workloads } from './support/workloads';
import { addEntries } from './support/yamlEdits';
import { pairOf, rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/automount-service-account-token',
    title: 'Service account token mounted',
    description: "A pod that mounts its service account token, so a shell in any of its containers can call the Kubernetes API with that account's rights.",
    messages: {
      tokenMounted: '{{kind}} mounts its service account token (automountServiceAccountToken: {{value}})',
      automountNotDisabled: '{{kind}} does not set automountServiceAccountToken: false, so every container gets an API token',
    },
    severity: 'warning',
    cwe: [250, 522],
    stride: ['Information Disclosure', 'Elevation of Privilege'],
    threat: { ids: ['BS-04'], summary: 'A shell in the container makes rogue calls to the Kubernetes API server' },
    remediation:
      'Set `automountServiceAccountToken: false` in the pod spec (and on the ServiceAccount); mount a projected token only in pods that call the API.',
    fixable: true,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of workloads(file)) {
      const value = scalarAt(object.podSpec, 'automountServiceAccountToken', object.doc);
      const range = rangeOf(value);
      if (value && range) {
        // `automountServiceAccountToken: {{ .Values.… }}` is decided at install time: unknown.
        if (value.value === false || templatedWithin(file, value.range)) continue;
        report({
          range,
          messageId: 'tokenMounted',
          data: { kind: object.kind, value: String(value.value) },
          fix: { title: 'Set automountServiceAccountToken: false', edits: [{ range, newText: 'false' }] },
        });
        continue;
      }
      if (templatedWithin(file, object.podSpec.range, 'utomount')) continue;
      const anchorPair = pairOf(object.podSpec, 'serviceAccountName') ?? pairOf(object.podSpec, 'containers') ?? object.podSpec.items[0];
      const key = anchorPair?.key as { range?: [number, number, number] } | undefined;
      if (!key?.range) continue;
      const edit = addEntries(file.text, object.podSpec, ['automountServiceAccountToken: false']);
      report({
        range: { start: key.range[0], end: key.range[1] },
        messageId: 'automountNotDisabled',
        data: { kind: object.kind },
        fix: edit && { title: 'Add automountServiceAccountToken: false', edits: [edit] },
      });
    }
  },
);
