import { isMap, isScalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { objects } from './support/workloads';
import { deref, rangeOf, seqAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/rbac-wildcard',
    title: 'RBAC rule with wildcards',
    description: 'A Role or ClusterRole rule with `*` in its verbs, resources or API groups, granting every current and future permission of that kind.',
    messages: { wildcard: '{{kind}} grants every {{what}} ("*")' },
    severity: 'error',
    cwe: [269, 732],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['PILLAR-CLUSTER-1', 'BS-34'], summary: 'Over-broad RBAC lets a user or app perform unauthorized actions' },
    remediation: 'List the exact verbs (`get`, `list`, `watch`, …), resources and API groups the subject needs.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of objects(file)) {
      if (object.kind !== 'Role' && object.kind !== 'ClusterRole') continue;
      for (const item of seqAt(object.map, 'rules', object.doc)?.items ?? []) {
        const rule = deref(item, object.doc);
        if (!isMap(rule)) continue;
        for (const field of ['verbs', 'resources', 'apiGroups']) {
          for (const value of seqAt(rule, field, object.doc)?.items ?? []) {
            const range = rangeOf(isScalar(value) ? value : undefined);
            if (range && isScalar(value) && value.value === '*') {
              report({
                range,
                messageId: 'wildcard',
                data: { kind: object.kind, what: field === 'verbs' ? 'verb' : field === 'resources' ? 'resource' : 'API group' },
              });
            }
          }
        }
      }
    }
  },
);
