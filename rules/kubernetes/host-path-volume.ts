import { trimTrailingSlashes } from '../core/images';
import { defineYamlRule } from '../core/defineRule';
import { workloads } from './support/workloads';
import { deref, mapAt, rangeOf, scalarAt, seqAt } from './support/yamlNodes';
import { isMap } from 'yaml';

/** Host paths that hand over the node: mounting them is a full escape. */
const CRITICAL = ['/', '/etc', '/proc', '/sys', '/root', '/var/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/var/lib/kubelet', '/boot', '/dev'];

export default defineYamlRule(
  {
    id: 'k8s/host-path-volume',
    title: 'hostPath volume',
    description:
      'A `hostPath` volume mounts a directory of the node into the pod. Anything the container can write there survives the pod and affects the node; `/`, `/etc`, `/proc`, `/var/run/docker.sock` and the container runtime sockets hand over the node outright (reported as errors, other paths as warnings).',
    severity: 'warning',
    cwe: [668],
    stride: ['Elevation of Privilege', 'Tampering'],
    threat: { seed: '000', ref: 'row 15', summary: 'Deployment files mount host directories and run privileged tasks' },
    remediation: 'Use a PersistentVolumeClaim, `emptyDir`, a ConfigMap or a projected volume instead; if a host path is unavoidable, mount it `readOnly: true` and restrict the pod with a dedicated service account and node.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const workload of workloads(file)) {
      for (const item of seqAt(workload.podSpec, 'volumes', workload.doc)?.items ?? []) {
        const volume = deref(item, workload.doc);
        if (!isMap(volume)) continue;
        const hostPath = mapAt(volume, 'hostPath', workload.doc);
        if (!hostPath) continue;
        const pathScalar = scalarAt(hostPath, 'path', workload.doc);
        const range = rangeOf(pathScalar) ?? rangeOf(volume);
        if (!range) continue;
        const value = typeof pathScalar?.value === 'string' ? trimTrailingSlashes(pathScalar.value) || '/' : '?';
        const critical = CRITICAL.includes(value);
        report({
          range,
          severity: critical ? 'error' : undefined,
          message: critical
            ? `hostPath ${value} gives the pod control of the node`
            : `hostPath ${value} mounts a node directory into the pod`,
        });
      }
    }
  },
);
