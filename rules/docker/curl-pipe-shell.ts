import { defineDockerfileRule } from '../../engine/defineRule';
import { runScripts } from './support/shell';

const DOWNLOADERS = new Set(['curl', 'wget']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'ash', 'dash', 'ksh', 'python', 'python3', 'perl', 'node']);

export default defineDockerfileRule(
  {
    id: 'docker/curl-pipe-shell',
    title: 'Remote script piped into a shell',
    description: 'A download piped straight into a shell (`curl … | sh`), which runs whatever the server returns at build time, unverified.',
    messages: { pipedToShell: '{{name}} output is piped into {{sudo}}{{shell}} without verification' },
    severity: 'warning',
    cwe: [494, 829],
    stride: ['Tampering'],
    threat: { ids: ['PILLAR-CONTAINER-2'], summary: 'Build-time code from unverified sources enters the image' },
    remediation:
      "Download to a file, verify its checksum or signature (`sha256sum -c`), then run it; better, install a pinned package from the distribution's repository.",
    fixable: false,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const script of runScripts(file)) {
      for (const pipeline of script.pipelines) {
        const downloadAt = pipeline.commands.findIndex((c) => DOWNLOADERS.has(c.name));
        if (downloadAt < 0) continue;
        const shell = pipeline.commands.slice(downloadAt + 1).find((c) => SHELLS.has(c.name));
        if (!shell) continue;
        report({
          range: pipeline.range,
          messageId: 'pipedToShell',
          data: { name: pipeline.commands[downloadAt].name, sudo: shell.sudo ? 'sudo ' : '', shell: shell.name },
        });
      }
    }
  },
);
