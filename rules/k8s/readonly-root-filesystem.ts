import { containerBooleanRule } from './support/booleanSetting';

export default containerBooleanRule(
  {
    id: 'k8s/readonly-root-filesystem',
    title: 'Writable root filesystem',
    description: 'A container without `readOnlyRootFilesystem: true`, so an attacker can write tools and replace binaries in its filesystem.',
    severity: 'warning',
    cwe: [732],
    stride: ['Tampering'],
    threat: { ids: ['BS-06', 'BS-08'], summary: 'Misconfigured security settings in deployment files let an attacker tamper with the container' },
    remediation:
      "Set `readOnlyRootFilesystem: true` in each container's `securityContext` and mount an `emptyDir` for paths that must be writable (e.g. `/tmp`).",
    fixable: true,
    languages: ['kubernetes'],
  },
  'readOnlyRootFilesystem',
  true,
  "an attacker can modify the container's files",
);
