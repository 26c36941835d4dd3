import type { Arg, Env, Property } from 'dockerfile-ast';
import { defineDockerfileRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { isPlaceholder, isSecretName, secretValueKind } from '../common/secrets';
import { rangeOfLsp } from './support/stages';

export default defineDockerfileRule(
  {
    id: 'docker/secret-in-env',
    title: 'Secret in ENV or ARG',
    description: 'A credential set as a literal in `ENV` or as an `ARG` default, which the image layers and history keep.',
    messages: {
      secretValue: '{{keyword}} {{name}} holds a {{kind}} ({{value}}); {{where}}',
      literalCredential: '{{keyword}} {{name}} is set to a literal credential ({{value}}); {{where}}',
    },
    severity: 'error',
    cwe: [798, 538],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-18', 'BS-28', 'PILLAR-CODE-3'], summary: 'Signing keys and database credentials baked into the image' },
    remediation:
      'Pass secrets at run time (Kubernetes Secret, `docker run --env-file`), or at build time with BuildKit secret mounts: `RUN --mount=type=secret,id=npm_token …`. Rotate the exposed value.',
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const instruction of file.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      let properties: Property[];
      if (keyword === 'ENV') properties = (instruction as Env).getProperties();
      else if (keyword === 'ARG') {
        const property = (instruction as Arg).getProperty();
        properties = property ? [property] : [];
      } else continue;
      for (const property of properties) {
        const value = property.getValue();
        const range = property.getValueRange();
        if (value === null || !range) continue;
        const name = property.getName();
        const kind = secretValueKind(value);
        const where = keyword === 'ENV' ? 'ENV is baked into the image' : 'ARG defaults are kept in the image history';
        if (kind) report({ range: rangeOfLsp(file, range), messageId: 'secretValue', data: { keyword, name, kind, value: maskSecret(value), where } });
        else if (isSecretName(name) && !isPlaceholder(value)) {
          report({ range: rangeOfLsp(file, range), messageId: 'literalCredential', data: { keyword, name, value: maskSecret(value), where } });
        }
      }
    }
  },
);
