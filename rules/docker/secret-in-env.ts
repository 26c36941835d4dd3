import type { Arg, Env, Property } from 'dockerfile-ast';
import { defineDockerfileRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { isPlaceholder, isSecretName, secretValueKind } from '../common/secrets';
import { rangeOfLsp } from './support/stages';

export default defineDockerfileRule(
  {
    id: 'docker/secret-in-env',
    title: 'Secret in ENV or ARG',
    description:
      'A credential in `ENV` is baked into every layer after it and shown by `docker inspect` and `docker history`; an `ARG` default is recorded in the image history too. Reported when the name says it is a credential (`*_PASSWORD`, `*_SECRET`, `*_TOKEN`, `*_KEY`, `JWT_*` …) and the value is a literal, or when the value is a credential whatever its name. The value is masked in the message.',
    messages: {
      secretValue: '{{keyword}} {{name}} holds a {{kind}} ({{value}}); {{where}}',
      literalCredential: '{{keyword}} {{name}} is set to a literal credential ({{value}}); {{where}}',
    },
    severity: 'error',
    cwe: [798, 538],
    stride: ['Information Disclosure'],
    threat: { ids: ['BS-18', 'BS-28', 'PILLAR-CODE-3'], summary: 'Signing keys and database credentials baked into the image' },
    remediation: 'Pass secrets at run time (Kubernetes Secret, `docker run --env-file`), or at build time with BuildKit secret mounts: `RUN --mount=type=secret,id=npm_token …`. Rotate the exposed value.',
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const instruction of file.dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      let properties: Property[] = [];
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
