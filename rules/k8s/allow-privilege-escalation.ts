import { containerBooleanRule } from './support/booleanSetting';

export default containerBooleanRule(
  {
    id: 'k8s/allow-privilege-escalation',
    title: 'Privilege escalation allowed',
    description: "A container that does not set `allowPrivilegeEscalation: false`, so setuid binaries and file capabilities can raise a process's privileges.",
    severity: 'warning',
    cwe: [269],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06', 'BS-16'], summary: 'A shell in the container performs escalated tasks' },
    remediation: "Add `allowPrivilegeEscalation: false` to each container's `securityContext`.",
    fixable: true,
    languages: ['kubernetes'],
  },
  'allowPrivilegeEscalation',
  false,
  'setuid binaries can gain privileges (no_new_privs is off)',
);
