import { containerBooleanRule } from './support/booleanSetting';

export default containerBooleanRule(
  {
    id: 'k8s/allow-privilege-escalation',
    title: 'Privilege escalation allowed',
    description:
      '`allowPrivilegeEscalation` defaults to true: a process in the container can gain more privileges than its parent through setuid binaries or file capabilities (`no_new_privs` is not set). It is a container-only field, so every container, init container and ephemeral container must set it to `false` itself.',
    severity: 'warning',
    cwe: [269],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06', 'BS-16'], summary: 'A shell in the container performs escalated tasks' },
    remediation: 'Add `allowPrivilegeEscalation: false` to each container\'s `securityContext`.',
    fixable: true,
    languages: ['kubernetes'],
  },
  'allowPrivilegeEscalation',
  false,
  'setuid binaries can gain privileges (no_new_privs is off)',
);
