import { defineYamlRule } from '../../engine/defineRule';
import { objects } from './support/workloads';
import { mapAt, rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/cluster-admin-binding',
    title: 'Binding to cluster-admin',
    description: 'A RoleBinding or ClusterRoleBinding that grants the `cluster-admin` ClusterRole to its subjects.',
    messages: { clusterAdmin: '{{kind}} grants cluster-admin to its subjects{{scope}}' },
    severity: 'error',
    cwe: [269, 250],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-12', 'BS-34', 'PILLAR-CLUSTER-1'], summary: 'Cluster misconfiguration grants an attacker unrestricted privileges' },
    remediation: 'Bind a Role with only the permissions the subject needs; reserve cluster-admin for break-glass human access.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of objects(file)) {
      // A Helm `kind: {{ ternary "RoleBinding" "ClusterRoleBinding" … }}` is one of the two either way.
      const templatedKind = object.kind.includes('$___') && mapAt(object.map, 'roleRef', object.doc) !== undefined;
      if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding' && !templatedKind) continue;
      const roleRef = mapAt(object.map, 'roleRef', object.doc);
      const name = roleRef && scalarAt(roleRef, 'name', object.doc);
      const range = rangeOf(name);
      if (range && name?.value === 'cluster-admin') {
        report({
          range,
          messageId: 'clusterAdmin',
          data: { kind: object.kind, scope: object.kind === 'ClusterRoleBinding' ? ' across the whole cluster' : '' },
        });
      }
    }
  },
);
