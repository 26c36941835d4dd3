import { defineDockerfileRule } from '../../engine/defineRule';
import { runScripts } from './support/shell';

/** Octal modes whose last digit grants write to others (2, 3, 6, 7), and symbolic forms that do. */
function worldWritable(mode: string): boolean {
  if (/^0?[0-7]{3,4}$/.test(mode)) return ['2', '3', '6', '7'].includes(mode[mode.length - 1]);
  return mode.split(',').some((clause) => {
    const op = clause.search(/[+=]/);
    if (op < 0) return false;
    const who = clause.slice(0, op);
    return /^[ugoa]*$/.test(who) && (who.includes('o') || who.includes('a')) && clause.slice(op + 1).includes('w');
  });
}

export default defineDockerfileRule(
  {
    id: 'docker/chmod-world-writable',
    title: 'World-writable permissions',
    description: 'A `chmod` that makes files writable by every user (`777`, `o+w`, …), so any process in the container can replace them.',
    messages: { worldWritable: 'chmod {{arg}} makes files writable by every user in the container' },
    severity: 'warning',
    cwe: [732],
    stride: ['Tampering', 'Elevation of Privilege'],
    threat: { ids: ['BS-16', 'BS-17'], summary: 'A shell in the container tampers with files and escalates' },
    remediation:
      'Give ownership to the runtime user (`COPY --chown=app:app`, `chown`) and use the narrowest mode (`755` for directories, `644` for files, `600` for secrets).',
    fixable: true,
    languages: ['dockerfile'],
  },
  ({ file, report }) => {
    for (const script of runScripts(file)) {
      for (const command of script.commands) {
        if (command.name !== 'chmod') continue;
        command.args.forEach((arg, i) => {
          if (arg.startsWith('-') || !worldWritable(arg)) return;
          const range = command.argRanges[i];
          const octal = /^0?[0-7]{3,4}$/.test(arg);
          report({
            range,
            messageId: 'worldWritable',
            data: { arg },
            fix: octal ? { title: 'Use 755 (owner writes, others read and execute)', edits: [{ range, newText: '755' }] } : undefined,
          });
        });
      }
    }
  },
);
