import type { Scalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import type { RuleContext, YamlFile } from '../../engine/types';
import { MUTABLE_TAGS, parseImageRef } from '../common/images';
import { composeServices, containers, embeddedContainerImages } from './support/workloads';
import { rangeOf, scalarAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/image-latest-tag',
    title: 'Image without a pinned tag',
    description:
      'A container image without a tag or with a moving one (`latest`, `dev`, …), so whatever was pushed last runs next and a rollback cannot return to a known image.',
    messages: {
      noTag: 'Image "{{image}}" has no tag, so it runs whatever "latest" is at pull time; pin a version tag or a digest',
      mutableTag: 'Image "{{image}}" uses the mutable "{{value}}" tag; pin a version tag, ideally with its digest (@sha256:…)',
    },
    severity: 'warning',
    cwe: [1357, 494],
    stride: ['Tampering'],
    threat: { ids: ['BS-09', 'BS-14', 'PILLAR-CONTAINER-1'], summary: 'Unpinned or `latest` images let a changed or rogue image run unnoticed' },
    remediation: 'Pin the image to an immutable version tag, and preferably to a digest: `image: nginx:1.27.3@sha256:…`.',
    fixable: false,
    languages: ['kubernetes', 'compose'],
  },
  (context) => {
    for (const container of containers(context.file)) {
      checkImage(context, scalarAt(container.map, 'image', container.workload.doc));
    }
    for (const { image } of embeddedContainerImages(context.file)) checkImage(context, image);
    if (context.file.language === 'compose') {
      for (const service of composeServices(context.file)) checkImage(context, scalarAt(service.map, 'image', service.doc));
    }
  },
);

function checkImage({ report }: RuleContext<YamlFile>, scalar: Scalar | undefined): void {
  const range = rangeOf(scalar);
  if (!scalar || !range || typeof scalar.value !== 'string' || scalar.value.trim() === '') return;
  const image = scalar.value;
  const ref = parseImageRef(image);
  if (ref.templated || ref.digest) return;
  if (!ref.tag) {
    report({ range, messageId: 'noTag', data: { image } });
  } else if (MUTABLE_TAGS.has(ref.tag.value.toLowerCase())) {
    report({ range, messageId: 'mutableTag', data: { image, value: ref.tag.value } });
  }
}
