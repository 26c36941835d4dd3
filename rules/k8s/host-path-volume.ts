import { trimTrailingSlashes } from '../common/images';
import { defineYamlRule } from '../../engine/defineRule';
import { objects, workloads } from './support/workloads';
import { deref, mapAt, rangeOf, scalarAt, seqAt } from './support/yamlNodes';
import { isMap, type Document, type Node, type YAMLMap } from 'yaml';

/** Host paths that hand over the node: mounting them is a full escape. */
const CRITICAL = [
  '/',
  '/etc',
  '/proc',
  '/sys',
  '/root',
  '/var/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/var/lib/kubelet',
  '/boot',
  '/dev',
];

export default defineYamlRule(
  {
    id: 'k8s/host-path-volume',
    title: 'hostPath volume',
    description: 'A `hostPath` volume that mounts a node directory into the pod; critical paths such as `/` or the Docker socket hand over the node.',
    messages: {
      criticalHostPath: 'hostPath {{value}} gives {{where}} control of the node',
      hostPath: 'hostPath {{value}} mounts a node directory into {{where}}',
    },
    severity: 'warning',
    cwe: [668],
    stride: ['Elevation of Privilege', 'Tampering'],
    threat: { ids: ['BS-15'], summary: 'Deployment files mount host directories and run privileged tasks' },
    remediation:
      'Use a PersistentVolumeClaim, `emptyDir`, a ConfigMap or a projected volume instead; if a host path is unavoidable, mount it `readOnly: true` and restrict the pod with a dedicated service account and node.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    const check = (hostPath: YAMLMap, doc: Document.Parsed, fallback: Node, where: string) => {
      const pathScalar = scalarAt(hostPath, 'path', doc);
      const range = rangeOf(pathScalar) ?? rangeOf(fallback);
      if (!range) return;
      const value = typeof pathScalar?.value === 'string' ? trimTrailingSlashes(pathScalar.value) || '/' : '?';
      const critical = CRITICAL.includes(value);
      report({
        range,
        severity: critical ? 'error' : undefined,
        messageId: critical ? 'criticalHostPath' : 'hostPath',
        data: { value, where },
      });
    };
    for (const workload of workloads(file)) {
      for (const item of seqAt(workload.podSpec, 'volumes', workload.doc)?.items ?? []) {
        const volume = deref(item, workload.doc);
        if (!isMap(volume)) continue;
        const hostPath = mapAt(volume, 'hostPath', workload.doc);
        if (hostPath) check(hostPath, workload.doc, volume, 'the pod');
      }
    }
    // A hostPath PersistentVolume hands the node directory to whichever pod claims it.
    for (const object of objects(file)) {
      if (object.kind !== 'PersistentVolume') continue;
      const spec = mapAt(object.map, 'spec', object.doc);
      const hostPath = spec && mapAt(spec, 'hostPath', object.doc);
      if (spec && hostPath) check(hostPath, object.doc, spec, 'every pod that claims this PersistentVolume');
    }
  },
);
