import { defineDockerfileRule } from '../../engine/defineRule';
import { isAllowedRegistry, parseImageRef, registryOf } from '../common/images';
import { baseImages } from './support/stages';

export default defineDockerfileRule(
  {
    id: 'docker/image-registry-allowlist',
    title: 'Base image from a registry outside the allow-list',
    description: 'A `FROM` image from a registry that is not in the configured `allowedRegistries`.',
    messages: {
      registryNotAllowed: 'Base image "{{image}}" comes from {{registry}}, which is not in allowedRegistries ({{allowed}})',
    },
    severity: 'warning',
    cwe: [829, 494],
    stride: ['Tampering'],
    threat: { ids: ['BS-14', 'PILLAR-CONTAINER-2'], summary: 'Base images pulled from unknown sources' },
    remediation: 'Use base images mirrored (and scanned) in an allowed registry.',
    fixable: false,
    enabledBy: 'allowedRegistries',
    languages: ['dockerfile'],
  },
  ({ file, settings, report }) => {
    const allowed = settings.allowedRegistries ?? [];
    if (allowed.length === 0) return;
    for (const { image, range } of baseImages(file)) {
      if (parseImageRef(image).templated || isAllowedRegistry(image, allowed)) continue;
      report({ range, messageId: 'registryNotAllowed', data: { image, registry: registryOf(image), allowed: allowed.join(', ') } });
    }
  },
);
