import type { Instruction } from 'dockerfile-ast';
import { defineDockerfileRule } from '../../engine/defineRule';
import type { DockerFile, Fix } from '../../engine/types';
import { isRootUser } from '../common/users';
import { rangeOfLsp, stages, type Stage } from './support/stages';

/** UID used by the fix: high enough not to collide with system users, numeric so `runAsNonRoot` can verify it. */
export const NON_ROOT_UID = '10001';

export default defineDockerfileRule(
  {
    id: 'docker/user-root',
    title: 'Image runs as root',
    description: 'A Dockerfile whose final stage runs as root, through its last `USER` or because it never sets one.',
    messages: {
      userRoot: 'The final stage switches to USER {{value}}, so the container runs as root',
      noUser: 'The final stage (FROM {{base}}) never sets USER, so the container runs as the image default, root',
    },
    severity: 'error',
    cwe: [250],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-17', 'PILLAR-CONTAINER-2'], summary: 'A container spun up from the image runs privileged tasks as root' },
    remediation: `Create or choose an unprivileged user and switch to it in the final stage, before \`CMD\`/\`ENTRYPOINT\`: \`USER ${NON_ROOT_UID}:${NON_ROOT_UID}\` (numeric, so Kubernetes \`runAsNonRoot\` can verify it).`,
    fixable: true,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    const all = stages(file);
    const final = all[all.length - 1];
    if (!final) return;
    const lastUser = lastUserOf(final);
    if (lastUser) {
      const args = lastUser.getArgumentsRange();
      const value = (lastUser.getArgumentsContent() ?? '').trim();
      if (args && isRootUser(value)) {
        const range = rangeOfLsp(file, args);
        report({
          range,
          messageId: 'userRoot',
          data: { value },
          fix: { title: `Run as non-root user ${NON_ROOT_UID}`, edits: [{ range, newText: NON_ROOT_UID }] },
        });
      }
      return;
    }
    const image = (baseImage(final) ?? '').toLowerCase();
    if (image.includes('nonroot')) return;
    report({
      range: rangeOfLsp(file, final.from.getRange()),
      messageId: 'noUser',
      data: { base: final.from.getImage() ?? '?' },
      fix: insertUser(file, final),
    });
  },
);

/** The USER in force at the end of a stage, following `FROM <stage>` to the stage it extends. */
function lastUserOf(stage: Stage): Instruction | undefined {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    const users = s.instructions.filter((i) => i.getKeyword() === 'USER');
    if (users.length > 0) return users[users.length - 1];
  }
  return undefined;
}

function baseImage(stage: Stage): string | undefined {
  let s = stage;
  while (s.parent) s = s.parent;
  return s.from.getImage() ?? undefined;
}

/** Inserts `USER 10001` before the stage's first CMD/ENTRYPOINT, or after its last instruction. */
function insertUser(file: DockerFile, stage: Stage): Fix | undefined {
  const runTime = stage.instructions.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
  const line = `USER ${NON_ROOT_UID}:${NON_ROOT_UID}`;
  if (runTime) {
    const at = file.offsetAt({ line: runTime.getRange().start.line, character: 0 });
    return { title: `Add USER ${NON_ROOT_UID} before ${runTime.getKeyword()}`, edits: [{ range: { start: at, end: at }, newText: `${line}\n` }] };
  }
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const at = file.offsetAt(last.getRange().end);
  // A last line ending in the escape character (`RUN x \` at the end of the file) continues into
  // whatever is appended: a USER line there would become part of it (fuzz find). No fix then.
  const lineEnd = file.text.indexOf('\n', at);
  const tail = file.text.slice(file.offsetAt(last.getRange().start), lineEnd < 0 ? file.text.length : lineEnd).trimEnd();
  if (tail.endsWith(file.dockerfile.getEscapeCharacter())) return undefined;
  return { title: `Add USER ${NON_ROOT_UID} at the end of the final stage`, edits: [{ range: { start: at, end: at }, newText: `\n${line}` }] };
}
