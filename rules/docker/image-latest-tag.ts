import { defineDockerfileRule } from '../../engine/defineRule';
import { MUTABLE_TAGS, parseImageRef } from '../common/images';
import { baseImages } from './support/stages';

export default defineDockerfileRule(
  {
    id: 'docker/image-latest-tag',
    title: 'Base image without a pinned tag',
    description:
      'A `FROM` image without a tag or with a moving one (`latest`, `dev`, …), so builds are not reproducible and upstream changes flow straight in.',
    messages: {
      noTag: 'Base image "{{image}}" has no tag, so the build uses whatever "latest" is{{via}}; pin a version and digest',
      mutableTag: 'Base image "{{image}}" uses the mutable "{{value}}" tag{{via}}; pin a version and digest',
    },
    severity: 'warning',
    cwe: [1357, 494],
    stride: ['Tampering'],
    threat: { ids: ['BS-09', 'BS-14', 'PILLAR-CONTAINER-1'], summary: 'Unpinned base images let a changed or rogue image into the build' },
    remediation:
      'Pin the base image to a version tag and its digest, e.g. `FROM alpine:3.20@sha256:…`, and update it deliberately (Dependabot or Renovate can keep the pin current).',
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const { image, written, range, used } of baseImages(file)) {
      const ref = parseImageRef(image);
      if (ref.digest || ref.templated) continue;
      const via = image !== written ? ` (${written} resolves to ${image} through its ARG default)` : '';
      const related = used.map((u) => ({ range: u.range, message: 'ARG default used by this FROM' }));
      if (!ref.tag) {
        report({ range, related, messageId: 'noTag', data: { image, via } });
      } else if (MUTABLE_TAGS.has(ref.tag.value.toLowerCase())) {
        report({ range, related, messageId: 'mutableTag', data: { image, value: ref.tag.value, via } });
      }
    }
  },
);
