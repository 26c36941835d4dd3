import { defineYamlRule } from '../../engine/defineRule';
import { absenceAnchor, effective, securityContextEdit } from './support/securityContext';
import { securityContextUnknown } from './support/templates';
import { containers } from './support/workloads';
import { rangeOf } from './support/yamlNodes';
import { isMap } from 'yaml';

export default defineYamlRule(
  {
    id: 'k8s/seccomp-profile',
    title: 'No seccomp profile',
    description: 'A container whose effective seccomp profile is missing or `Unconfined`, leaving every system call open to it.',
    messages: {
      unconfined: 'Container "{{name}}" runs with seccomp Unconfined (from the {{source}} securityContext)',
      noProfile: 'Container "{{name}}" has no seccomp profile (neither the container nor the pod sets seccompProfile)',
    },
    severity: 'warning',
    cwe: [693],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06', 'BS-26'], summary: 'Containers make system/kernel calls they never need' },
    remediation: "Set `seccompProfile: {type: RuntimeDefault}` in the pod's `securityContext` (it applies to every container) or in each container's.",
    fixable: true,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const container of containers(file)) {
      const name = container.name ?? '?';
      const e = effective(container, 'seccompProfile');
      if (e && isMap(e.node)) {
        const typeNode = e.node.get('type', true);
        const type = e.node.get('type');
        if (type === 'RuntimeDefault' || type === 'Localhost') continue;
        const range = rangeOf(typeNode as Parameters<typeof rangeOf>[0]);
        if (range && type === 'Unconfined') {
          report({
            range,
            messageId: 'unconfined',
            data: { name, source: e.source },
            fix: { title: 'Use the RuntimeDefault seccomp profile', edits: [{ range, newText: 'RuntimeDefault' }] },
          });
          continue;
        }
      }
      if (securityContextUnknown(file, container)) continue;
      const edit = securityContextEdit(file.text, container, ['seccompProfile:\n  type: RuntimeDefault']);
      report({
        range: absenceAnchor(container),
        messageId: 'noProfile',
        data: { name },
        fix: edit && { title: 'Add seccompProfile: RuntimeDefault', edits: [edit] },
      });
    }
  },
);
