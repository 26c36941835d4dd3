import type { Scalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { isAllowedRegistry, parseImageRef, registryOf } from '../common/images';
import { composeServices, containers, embeddedContainerImages } from './support/workloads';
import { rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/image-registry-allowlist',
    title: 'Image from a registry outside the allow-list',
    description: 'A container or compose image from a registry that is not in the configured `allowedRegistries`.',
    messages: {
      registryNotAllowed: 'Image "{{image}}" comes from {{registry}}, which is not in allowedRegistries ({{allowed}})',
    },
    severity: 'warning',
    cwe: [829, 494],
    stride: ['Tampering', 'Elevation of Privilege'],
    threat: {
      ids: ['BS-14', 'PILLAR-CONTAINER-2', 'PILLAR-CLUSTER-3'],
      summary: "Rogue images that are not in the organisation's registry get pulled and run",
    },
    remediation:
      'Mirror the image into an allowed registry (after scanning it) and reference it there; enforce the same list at admission (e.g. a Kyverno or Gatekeeper policy).',
    fixable: false,
    enabledBy: 'allowedRegistries',
    languages: ['kubernetes', 'compose'],
  },
  ({ file, settings, report }) => {
    const allowed = settings.allowedRegistries ?? [];
    if (allowed.length === 0) return;
    const check = (scalar: Scalar | undefined) => {
      const range = rangeOf(scalar);
      if (!scalar || !range || typeof scalar.value !== 'string' || parseImageRef(scalar.value).templated) return;
      if (!isAllowedRegistry(scalar.value, allowed)) {
        report({ range, messageId: 'registryNotAllowed', data: { image: scalar.value, registry: registryOf(scalar.value), allowed: allowed.join(', ') } });
      }
    };
    for (const container of containers(file)) check(scalarAt(container.map, 'image', container.workload.doc));
    for (const { image } of embeddedContainerImages(file)) check(image);
    if (file.language === 'compose') for (const service of composeServices(file)) check(scalarAt(service.map, 'image', service.doc));
  },
);
