import { defineYamlRule } from '../../engine/defineRule';
import { objects } from './support/workloads';
import { mapAt, pairOf, rangeOf, scalarAt } from './support/yamlNodes';

/** Kinds that are not namespaced: a namespace on them means nothing. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'CSIDriver',
  'CertificateSigningRequest',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'CSINode',
  'VolumeAttachment',
  'PodSecurityPolicy',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'InitializerConfiguration',
  'ComponentStatus',
  'IPAddress',
  'ServiceCIDR',
  'DeviceClass',
  'GatewayClass',
  'TokenReview',
  'SubjectAccessReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
]);

/** Built-in kinds above, and custom kinds named `Cluster…` (ClusterIssuer, ClusterSecretStore…), which by convention are cluster-scoped. */
function clusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind) || /^Cluster[A-Z]/.test(kind);
}

export default defineYamlRule(
  {
    id: 'k8s/default-namespace',
    title: 'Resource in the default namespace',
    description: 'A resource in the `default` namespace (or with no namespace at all), where RBAC, network policies and quotas cannot separate it.',
    messages: {
      defaultNamespace: '{{kind}} is deployed to the default namespace',
      noNamespace: '{{kind}} has no metadata.namespace, so it lands in whatever namespace the deploy tool targets (often default)',
    },
    severity: 'warning',
    cwe: [668],
    stride: ['Information Disclosure', 'Tampering'],
    threat: { ids: ['BS-02', 'BS-03'], summary: 'Application resources running in the default namespace' },
    remediation: "Set `metadata.namespace` to the application's own namespace (e.g. `booksstore`), with RBAC Roles and RoleBindings scoped to it.",
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of objects(file)) {
      if (clusterScoped(object.kind)) continue;
      const metadata = mapAt(object.map, 'metadata', object.doc);
      const namespace = metadata && scalarAt(metadata, 'namespace', object.doc);
      const range = rangeOf(namespace);
      if (namespace && range) {
        if (namespace.value !== 'default') continue;
        report({ range, messageId: 'defaultNamespace', data: { kind: object.kind } });
        continue;
      }
      // Charts and kustomize bases leave the namespace to the deploy command on purpose.
      if (file.templated.length > 0) continue;
      const key = (metadata && pairOf(object.map, 'metadata')?.key) as { range?: [number, number, number] } | undefined;
      const kindKey = pairOf(object.map, 'kind')?.key as { range?: [number, number, number] } | undefined;
      const anchor = key?.range ?? kindKey?.range;
      if (!anchor) continue;
      report({
        range: { start: anchor[0], end: anchor[1] },
        severity: 'note',
        messageId: 'noNamespace',
        data: { kind: object.kind },
      });
    }
  },
);
