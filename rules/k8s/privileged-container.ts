import type { Document, YAMLMap } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import type { RuleContext, YamlFile } from '../../engine/types';
import { composeServices, containers } from './support/workloads';
import { isTrue, mapAt, rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/privileged-container',
    title: 'Privileged container',
    description: "A container or compose service that runs privileged, with every capability and the host's devices, so an escape owns the node.",
    messages: { privileged: "{{subject}} runs privileged: it has every capability and the host's devices" },
    severity: 'error',
    cwe: [250, 269],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06', 'BS-15', 'BS-16'], summary: 'Containers with root or extra privileges can make kernel calls and take over the node' },
    remediation: 'Remove `privileged: true` or set it to `false`; grant only the specific capability the workload needs with `capabilities.add`.',
    fixable: true,
    languages: ['kubernetes', 'compose'],
  },
  (context) => {
    for (const container of containers(context.file)) {
      const securityContext = mapAt(container.map, 'securityContext', container.workload.doc);
      if (securityContext) check(context, securityContext, container.workload.doc, `Container "${container.name ?? '?'}"`);
    }
    if (context.file.language === 'compose') {
      for (const service of composeServices(context.file)) check(context, service.map, service.doc, `Service "${service.name}"`);
    }
  },
);

function check({ report }: RuleContext<YamlFile>, map: YAMLMap, doc: Document.Parsed, subject: string): void {
  const value = scalarAt(map, 'privileged', doc);
  const range = rangeOf(value);
  if (!isTrue(value) || !range) return;
  report({
    range,
    messageId: 'privileged',
    data: { subject },
    fix: { title: 'Set privileged: false', edits: [{ range, newText: 'false' }] },
  });
}
