import type { Add } from 'dockerfile-ast';
import { defineDockerfileRule } from '../../engine/defineRule';
import { rangeOfLsp } from './support/stages';

export default defineDockerfileRule(
  {
    id: 'docker/add-remote-url',
    title: 'ADD of a remote URL',
    description: 'An `ADD` of a remote URL without `--checksum`, so the downloaded file goes into the image unverified.',
    messages: { unverifiedDownload: 'ADD downloads {{value}} without verifying its checksum' },
    severity: 'warning',
    cwe: [494, 829],
    stride: ['Tampering'],
    threat: { ids: ['PILLAR-CONTAINER-2'], summary: 'Unverified downloads at build time' },
    remediation: 'Use `ADD --checksum=sha256:… <url> <dest>`, or download with `curl` and verify with `sha256sum -c`, or `COPY` a vendored file.',
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const instruction of file.dockerfile.getInstructions()) {
      if (instruction.getKeyword() !== 'ADD') continue;
      if ((instruction as Add).getFlags().some((flag) => flag.getName() === 'checksum')) continue;
      const sources = instruction
        .getArguments()
        .filter((a) => !a.getValue().startsWith('--'))
        .slice(0, -1);
      for (const source of sources) {
        const value = source.getValue();
        if (/^(https?|ftp):\/\//i.test(value) || /^git@/.test(value)) {
          report({ range: rangeOfLsp(file, source.getRange()), messageId: 'unverifiedDownload', data: { value } });
        }
      }
    }
  },
);
