import { isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { isPlaceholder, isSecretName, secretValueKind } from '../common/secrets';
import type { Fix, RuleContext, YamlFile } from '../../engine/types';
import { composeServices, containers } from './support/workloads';
import { deref, mapAt, pairOf, rangeOf, seqAt, stringAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/env-literal-secret',
    title: 'Secret in a plain environment variable',
    description: 'A credential written as a literal environment variable value in a manifest or compose file.',
    messages: {
      secretValue: '{{subject}} sets {{name}} to a {{kind}} ({{value}}) in plain text',
      literalCredential: '{{subject}} sets {{name}} to a literal credential ({{value}}); reference a Secret',
    },
    severity: 'error',
    cwe: [798, 526],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-01', 'BS-28', 'PILLAR-CLUSTER-2'], summary: 'Database and signing credentials stored in deployment configuration' },
    remediation:
      'Reference a Secret: `valueFrom: {secretKeyRef: {name: <secret>, key: <key>}}` (docker-compose: `secrets:` or an env file kept out of the repository), and rotate the exposed credential.',
    fixable: true,
    languages: ['kubernetes', 'compose'],
  },
  (context) => {
    const { file } = context;
    for (const container of containers(file)) {
      const doc = container.workload.doc;
      const metadata = mapAt(container.workload.map, 'metadata', doc);
      const secretName = `${(metadata && stringAt(metadata, 'name', doc)) ?? container.name ?? 'app'}-secrets`;
      for (const item of seqAt(container.map, 'env', doc)?.items ?? []) {
        const env = deref(item, doc);
        if (!isMap(env)) continue;
        const name = stringAt(env, 'name', doc);
        const valuePair = pairOf(env, 'value');
        const value = valuePair && isScalar(valuePair.value) ? valuePair.value : undefined;
        if (!name || !value || typeof value.value !== 'string') continue;
        check(
          context,
          name,
          value,
          `Container "${container.name ?? '?'}"`,
          valuePair && !env.flow ? secretRefFix(file.text, valuePair, secretName, name) : undefined,
        );
      }
    }
    if (file.language !== 'compose') return;
    for (const service of composeServices(file)) {
      const environment = deref(service.map.get('environment', true), service.doc);
      if (isMap(environment)) {
        for (const pair of environment.items) {
          if (isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string') {
            check(context, String(pair.key.value), pair.value, `Service "${service.name}"`);
          }
        }
      } else if (isSeq(environment)) {
        for (const item of environment.items) {
          if (!isScalar(item) || typeof item.value !== 'string') continue;
          const eq = item.value.indexOf('=');
          if (eq > 0) check(context, item.value.slice(0, eq), item, `Service "${service.name}"`, undefined, item.value.slice(eq + 1));
        }
      }
    }
  },
);

function check({ report }: RuleContext<YamlFile>, name: string, scalar: Scalar, subject: string, fix?: Fix, valueText?: string): void {
  const value = valueText ?? String(scalar.value);
  const range = rangeOf(scalar);
  if (!range) return;
  const kind = secretValueKind(value);
  if (kind) report({ range, messageId: 'secretValue', data: { subject, name, kind, value: maskSecret(value) }, fix });
  else if (isSecretName(name) && !isPlaceholder(value))
    report({ range, messageId: 'literalCredential', data: { subject, name, value: maskSecret(value) }, fix });
}

/** Replaces `value: …` with a `valueFrom.secretKeyRef` block at the same indentation. */
function secretRefFix(text: string, pair: Pair, secretName: string, envName: string): Fix | undefined {
  const key = pair.key as Scalar;
  const value = pair.value as Scalar;
  if (!key.range || !value.range) return undefined;
  const start = key.range[0];
  const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
  const secretKey = envName.toLowerCase().replace(/_/g, '-');
  return {
    title: `Read ${envName} from Secret "${secretName}"`,
    edits: [
      {
        range: { start, end: value.range[1] },
        newText: `valueFrom:\n${indent}  secretKeyRef:\n${indent}    name: ${secretName}\n${indent}    key: ${secretKey}`,
      },
    ],
  };
}
