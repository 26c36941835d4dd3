import { isScalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { isPlaceholder } from '../common/secrets';
import { objects } from './support/workloads';
import { mapAt, pairOf, rangeOf } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/secret-in-manifest',
    title: 'Secret values committed in a manifest',
    description: 'A Secret manifest with literal `data` or `stringData`, which puts the credential in the repository (base64 is not encryption).',
    messages: {
      literalValues: 'Secret carries {{count}} literal value{{plural}} in {{section}}; they are readable by anyone with the source',
    },
    severity: 'note',
    cwe: [312, 540],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-01', 'BS-10', 'PILLAR-CLUSTER-2'], summary: 'Secrets readable from where they are stored' },
    remediation:
      'Keep the Secret out of source: generate it at deploy time, or commit it encrypted (Sealed Secrets, SOPS) or as an ExternalSecret that references a vault.',
    fixable: false,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const object of objects(file)) {
      if (object.kind !== 'Secret') continue;
      for (const section of ['data', 'stringData']) {
        const map = mapAt(object.map, section, object.doc);
        if (!map) continue;
        const literal = map.items.filter((p) => isScalar(p.value) && typeof p.value.value === 'string' && !isPlaceholder(p.value.value));
        if (literal.length === 0) continue;
        const range = rangeOf(pairOf(object.map, section)?.key as Parameters<typeof rangeOf>[0]);
        if (range) report({ range, messageId: 'literalValues', data: { count: literal.length, plural: literal.length > 1 ? 's' : '', section } });
      }
    }
  },
);
