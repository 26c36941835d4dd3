import { defineYamlRule } from '../../engine/defineRule';
import { absenceAnchor } from './support/securityContext';
import { templatedWithin } from './support/templates';
import { containers } from './support/workloads';
import { mapAt, pairOf } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/resource-limits',
    title: 'Container without CPU and memory limits',
    description: 'A container without CPU and memory limits, which can starve the other pods on its node.',
    messages: { noLimit: 'Container "{{name}}" has no {{missing}} limit' },
    severity: 'warning',
    cwe: [770, 400],
    stride: ['Denial of Service'],
    threat: { ids: ['BS-07', 'BS-33'], summary: "A flood of API requests exhausts the node's resources" },
    remediation: 'Set `resources.requests` and `resources.limits` for `cpu` and `memory` on every container (and a LimitRange on the namespace as a backstop).',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const container of containers(file)) {
      if (container.group === 'ephemeralContainers') continue; // the API rejects resources on ephemeral containers
      const doc = container.workload.doc;
      const resources = mapAt(container.map, 'resources', doc);
      const limits = resources && mapAt(resources, 'limits', doc);
      const missing = ['cpu', 'memory'].filter((k) => !limits?.has(k));
      if (missing.length === 0 || templatedWithin(file, container.map.range)) continue;
      const key = ((limits && pairOf(resources, 'limits')) ?? (resources && pairOf(container.map, 'resources')))?.key as
        { range?: [number, number, number] } | undefined;
      report({
        range: key?.range ? { start: key.range[0], end: key.range[1] } : absenceAnchor(container, 'resources'),
        messageId: 'noLimit',
        data: { name: container.name ?? '?', missing: missing.join(' or ') },
      });
    }
  },
);
