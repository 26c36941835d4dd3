import { defineYamlRule } from '../../engine/defineRule';
import { workloads } from './support/workloads';
import { isTrue, rangeOf, scalarAt } from './support/yamlNodes';

const RISK: Record<string, string> = {
  hostNetwork: "the node's network: it can reach every local service and sniff traffic",
  hostPID: "the node's processes: it can inspect and signal them",
  hostIPC: "the node's shared memory and IPC",
};

export default defineYamlRule(
  {
    id: 'k8s/host-namespaces',
    title: 'Pod shares host namespaces',
    description: "A pod that shares the node's network, process or IPC namespace (`hostNetwork`, `hostPID`, `hostIPC`).",
    messages: { hostNamespace: '{{kind}} shares {{risk}} ({{field}}: true)' },
    severity: 'error',
    cwe: [653],
    stride: ['Elevation of Privilege', 'Information Disclosure'],
    threat: { ids: ['BS-08', 'BS-15'], summary: 'Deployment files that reach into the host' },
    remediation: 'Remove the setting (or set it to `false`); expose ports through a Service instead of the host network.',
    fixable: true,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const workload of workloads(file)) {
      for (const field of Object.keys(RISK)) {
        const scalar = scalarAt(workload.podSpec, field, workload.doc);
        const range = rangeOf(scalar);
        if (!isTrue(scalar) || !range) continue;
        report({
          range,
          messageId: 'hostNamespace',
          data: { kind: workload.kind, risk: RISK[field], field },
          fix: { title: `Set ${field}: false`, edits: [{ range, newText: 'false' }] },
        });
      }
    }
  },
);
