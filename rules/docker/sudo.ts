import { defineDockerfileRule } from '../../engine/defineRule';
import { runScripts } from './support/shell';

export default defineDockerfileRule(
  {
    id: 'docker/sudo',
    title: 'sudo in a RUN instruction',
    description: '`sudo` in a `RUN` instruction, which means the image ships a way for its unprivileged user to become root again.',
    messages: { sudo: 'RUN uses sudo to run {{name}}: the image keeps a path back to root' },
    severity: 'warning',
    cwe: [250, 269],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-16', 'BS-17'], summary: 'A shell in the container performs root tasks' },
    remediation: 'Run the privileged steps before `USER`, as root, and do not install sudo in the image.',
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const script of runScripts(file)) {
      for (const command of script.commands) {
        if (command.sudo) report({ range: command.range, messageId: 'sudo', data: { name: command.name } });
      }
    }
  },
);
