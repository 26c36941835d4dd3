import { defineDockerfileRule } from '../../engine/defineRule';
import { runScripts } from './support/shell';
import { rangeOfLsp, runtimeInstructions } from './support/stages';

const INSTALLERS = new Set(['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);

export default defineDockerfileRule(
  {
    id: 'docker/ssh-server',
    title: 'SSH server in the image',
    description: "An image that installs an SSH server or exposes port 22, a login service that bypasses the orchestrator's access control and audit.",
    messages: {
      exposesSsh: 'EXPOSE 22 publishes an SSH port from the container',
      installsSsh: 'The image installs {{arg}}, an SSH server',
    },
    severity: 'warning',
    cwe: [284],
    stride: ['Spoofing', 'Elevation of Privilege'],
    threat: { ids: ['BS-04', 'BS-16'], summary: 'Shell access into the container' },
    remediation: 'Remove the SSH server and `EXPOSE 22`; use `kubectl exec`/`kubectl debug` (or `docker exec`) for troubleshooting.',
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    // Only what ships matters: an SSH server in a build stage that feeds `COPY --from` never runs.
    const runtime = runtimeInstructions(file);
    for (const instruction of runtime) {
      if (instruction.getKeyword() !== 'EXPOSE') continue;
      for (const arg of instruction.getArguments()) {
        if (/^22(\/tcp)?$/.test(arg.getValue())) report({ range: rangeOfLsp(file, arg.getRange()), messageId: 'exposesSsh' });
      }
    }
    for (const script of runScripts(file)) {
      if (!runtime.has(script.instruction)) continue;
      for (const command of script.commands) {
        if (!INSTALLERS.has(command.name)) continue;
        command.args.forEach((arg, i) => {
          if (/^(openssh-server|openssh)(=.*)?$/.test(arg) || arg === 'dropbear') {
            report({ range: command.argRanges[i], messageId: 'installsSsh', data: { arg } });
          }
        });
      }
    }
  },
);
