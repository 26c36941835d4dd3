import { defineYamlRule } from '../../engine/defineRule';
import type { OffsetRange } from '../../engine/types';
import { isRootUser } from '../common/users';
import { absenceAnchor, asScalar, effective, scalarValue, securityContextEdit } from './support/securityContext';
import { securityContextUnknown } from './support/templates';
import { composeServices, containers } from './support/workloads';
import { rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/run-as-root',
    title: 'Container may run as root',
    description: 'A container whose effective security context lets it run as root, or a compose service with `user: root`.',
    messages: {
      uidZero: 'Container "{{name}}" runs as UID 0 (runAsUser: 0 from the {{source}} securityContext)',
      nonRootFalse: 'Container "{{name}}" allows running as root (runAsNonRoot: false from the {{source}} securityContext)',
      noNonRoot: 'Container "{{name}}" has no effective runAsNonRoot: true or non-zero runAsUser, so it runs as the image\'s user, usually root',
      composeRoot: 'Service "{{name}}" runs as root (user: {{value}})',
    },
    severity: 'error',
    cwe: [250, 269],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06', 'BS-15', 'BS-16'], summary: 'Containers with root privileges can make kernel calls and escalate on the node' },
    remediation:
      "Set `runAsNonRoot: true` (and a non-zero `runAsUser`, e.g. `10001`) in the pod's or the container's `securityContext`, and build the image with a non-root `USER`.",
    fixable: true,
    languages: ['kubernetes', 'compose'],
  },
  ({ file, report }) => {
    const reported = new Set<string>();
    const once = (range: OffsetRange, emit: () => void) => {
      const key = `${range.start}:${range.end}`;
      if (!reported.has(key)) {
        reported.add(key);
        emit();
      }
    };
    for (const container of containers(file)) {
      const name = container.name ?? '?';
      const runAsUser = effective(container, 'runAsUser');
      const runAsNonRoot = effective(container, 'runAsNonRoot');
      const user = scalarValue(runAsUser);
      const userRange = rangeOf(asScalar(runAsUser));
      if ((user === 0 || user === '0') && userRange) {
        once(userRange, () =>
          report({
            range: userRange,
            messageId: 'uidZero',
            data: { name, source: runAsUser?.source === 'pod' ? 'pod' : 'container' },
            fix: { title: 'Run as UID 10001', edits: [{ range: userRange, newText: '10001' }] },
          }),
        );
        continue;
      }
      const nonRoot = scalarValue(runAsNonRoot);
      const nonRootRange = rangeOf(asScalar(runAsNonRoot));
      if (nonRoot === false && nonRootRange) {
        if (typeof user === 'number' && user > 0) continue;
        once(nonRootRange, () =>
          report({
            range: nonRootRange,
            messageId: 'nonRootFalse',
            data: { name, source: runAsNonRoot?.source },
            fix: { title: 'Set runAsNonRoot: true', edits: [{ range: nonRootRange, newText: 'true' }] },
          }),
        );
        continue;
      }
      if (nonRoot === true || (typeof user === 'number' && user > 0) || securityContextUnknown(file, container)) continue;
      const edit = securityContextEdit(file.text, container, ['runAsNonRoot: true']);
      report({
        range: absenceAnchor(container),
        messageId: 'noNonRoot',
        data: { name },
        fix: edit && { title: 'Add runAsNonRoot: true to the securityContext', edits: [edit] },
      });
    }
    if (file.language !== 'compose') return;
    for (const service of composeServices(file)) {
      const scalar = scalarAt(service.map, 'user', service.doc);
      const range = rangeOf(scalar);
      if (range && isRootUser(String(scalar?.value))) {
        report({
          range,
          messageId: 'composeRoot',
          data: { name: service.name, value: String(scalar?.value) },
          fix: { title: 'Run as user 10001', edits: [{ range, newText: '"10001"' }] },
        });
      }
    }
  },
);
