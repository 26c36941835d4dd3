import { defineYamlRule } from '../../engine/defineRule';
import { templatedWithin } from './support/templates';
import { workloads } from './support/workloads';
import { pairOf, rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/default-service-account',
    title: 'Pod uses the default service account',
    description: "A pod that runs as the namespace's shared `default` service account, whose permissions apply to every such pod.",
    messages: {
      defaultServiceAccount: '{{kind}} explicitly uses the shared default service account',
      noServiceAccount: "{{kind}} sets no serviceAccountName, so it runs as the namespace's shared default service account",
    },
    severity: 'note',
    cwe: [250],
    stride: ['Tampering', 'Elevation of Privilege'],
    threat: { ids: ['BS-03'], summary: 'Access to the default ServiceAccount lets an attacker tamper with deployments' },
    remediation: 'Create a ServiceAccount per application, bind it only the Roles it needs, and set `serviceAccountName` in the pod spec.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of workloads(file)) {
      const name = scalarAt(object.podSpec, 'serviceAccountName', object.doc) ?? scalarAt(object.podSpec, 'serviceAccount', object.doc);
      const range = rangeOf(name);
      if (name && range) {
        if (name.value === 'default') report({ range, messageId: 'defaultServiceAccount', data: { kind: object.kind } });
        continue;
      }
      if (templatedWithin(file, object.podSpec.range, 'erviceAccount')) continue;
      const key = (pairOf(object.podSpec, 'containers') ?? object.podSpec.items[0])?.key as { range?: [number, number, number] } | undefined;
      if (key?.range) {
        report({ range: { start: key.range[0], end: key.range[1] }, messageId: 'noServiceAccount', data: { kind: object.kind } });
      }
    }
  },
);
