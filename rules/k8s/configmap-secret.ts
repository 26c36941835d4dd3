import { isScalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { isPlaceholder, isSecretName, secretValueKind } from '../common/secrets';
import { objects } from './support/workloads';
import { mapAt, rangeOf } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/configmap-secret',
    title: 'Secret stored in a ConfigMap',
    description: "A ConfigMap entry that holds a credential in plain text, readable by anyone who can read the namespace's configuration.",
    messages: {
      secretValue: 'ConfigMap key "{{key}}" holds a {{kind}} ({{value}}); ConfigMaps are not secret',
      literalCredential: 'ConfigMap key "{{key}}" holds a credential in plain text ({{value}}); use a Secret',
    },
    severity: 'error',
    cwe: [312, 798],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-01', 'PILLAR-CLUSTER-2'], summary: 'A malicious user extracts sensitive information stored in a ConfigMap' },
    remediation:
      'Move the value to a Secret (better: an external secret store such as Vault, synced by the External Secrets Operator) and reference it with `secretKeyRef` / `envFrom.secretRef`; rotate the exposed credential.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of objects(file)) {
      if (object.kind !== 'ConfigMap') continue;
      for (const section of ['data', 'binaryData']) {
        for (const pair of mapAt(object.map, section, object.doc)?.items ?? []) {
          if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
          const key = String(pair.key.value);
          const value = pair.value.value;
          const range = rangeOf(pair.value);
          if (!range) continue;
          const kind = secretValueKind(value);
          if (kind) {
            report({ range, messageId: 'secretValue', data: { key, kind, value: maskSecret(value) } });
          } else if (isSecretName(key) && !isPlaceholder(value)) {
            report({ range, messageId: 'literalCredential', data: { key, value: maskSecret(value) } });
          }
        }
      }
    }
  },
);
