import { isScalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { containerSecurityContext } from './support/securityContext';
import { composeServices, containers } from './support/workloads';
import { mapAt, rangeOf, seqAt } from './support/yamlNodes';

/** Capabilities that amount to root on the node or on its network. */
const DANGEROUS: Record<string, string> = {
  ALL: 'every capability',
  SYS_ADMIN: 'mount, namespaces and most of root',
  NET_ADMIN: 'reconfigure the network, sniff and redirect traffic',
  NET_RAW: 'craft packets and spoof traffic',
  SYS_PTRACE: 'read and modify other processes',
  SYS_MODULE: 'load kernel modules',
  DAC_READ_SEARCH: 'read any file, bypassing permissions',
  BPF: 'load eBPF programs into the kernel',
};

export default defineYamlRule(
  {
    id: 'k8s/dangerous-capabilities',
    title: 'Dangerous capability added',
    description: 'A container or compose service that adds a capability close to root on the node or its network (`SYS_ADMIN`, `NET_ADMIN`, `ALL`, …).',
    messages: { dangerousCapability: '{{subject}} adds {{cap}}: {{risk}}' },
    severity: 'error',
    cwe: [250, 269],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06', 'BS-15'], summary: 'Containers with extra privileges make kernel calls' },
    remediation:
      'Remove the capability; if the workload truly needs one, grant the narrowest (e.g. `NET_BIND_SERVICE`) and isolate the workload on dedicated nodes.',
    fixable: false,
    languages: ['kubernetes', 'compose'],
  },
  ({ file, report }) => {
    const check = (items: unknown[], subject: string) => {
      for (const item of items) {
        if (!isScalar(item)) continue;
        const cap = String(item.value).toUpperCase().replace(/^CAP_/, '');
        const range = rangeOf(item);
        if (range && cap in DANGEROUS) report({ range, messageId: 'dangerousCapability', data: { subject, cap, risk: DANGEROUS[cap] } });
      }
    };
    for (const container of containers(file)) {
      const sc = containerSecurityContext(container);
      const caps = sc && mapAt(sc, 'capabilities', container.workload.doc);
      const add = caps && seqAt(caps, 'add', container.workload.doc);
      if (add) check(add.items, `Container "${container.name ?? '?'}"`);
    }
    if (file.language === 'compose') {
      for (const service of composeServices(file)) {
        const add = seqAt(service.map, 'cap_add', service.doc);
        if (add) check(add.items, `Service "${service.name}"`);
      }
    }
  },
);
