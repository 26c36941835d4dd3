import { LineIndex } from '../engine/lineIndex';
import type { ScanReport } from '../project/scan';
import { counts } from './severity';

const ANSI = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1, underline: 4 } as const;

/**
 * Compiler-style lines (`path:line:col severity rule-id message`) that editors and CI logs
 * link; on a TTY findings are grouped under their file and coloured.
 */
export function formatText(report: ScanReport, options: { color: boolean }): string {
  const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const all = report.files.flatMap((f) => f.result.findings.filter((x) => !x.suppression));
  for (const file of report.files) {
    const findings = file.result.findings.filter((f) => !f.suppression);
    const lines = new LineIndex(file.text);
    if (options.color && (findings.length > 0 || file.result.notices.length > 0)) out.push('', paint(ANSI.underline, file.relativePath));
    for (const notice of file.result.notices) {
      const pos = lines.positionAt(notice.range?.start ?? 0);
      out.push(
        `${options.color ? '  ' : `${file.relativePath}:`}${pos.line + 1}:${pos.character + 1} ${paint(ANSI.gray, 'info')} threatlint ${notice.message}`,
      );
    }
    for (const f of findings) {
      const pos = lines.positionAt(f.range.start);
      const color = f.severity === 'error' ? ANSI.red : f.severity === 'warning' ? ANSI.yellow : ANSI.cyan;
      const where = options.color ? `  ${pos.line + 1}:${pos.character + 1}` : `${file.relativePath}:${pos.line + 1}:${pos.character + 1}`;
      out.push(`${where} ${paint(color, f.severity)} ${paint(ANSI.gray, f.ruleId)} ${f.message}`);
    }
  }
  for (const skip of report.skipped) out.push(`${skip.file}: skipped: ${skip.reason}`);
  const c = counts(all);
  const suppressed = report.files.reduce((n, f) => n + f.result.findings.filter((x) => x.suppression).length, 0);
  const summary = `${count(all.length, 'finding')} (${count(c.error, 'error')}, ${count(c.warning, 'warning')}, ${count(c.note, 'note')}) in ${count(report.files.length, 'file')}${suppressed ? `, ${suppressed} suppressed` : ''}`;
  out.push('', paint(ANSI.bold, summary));
  return out.join('\n').replace(/^\n/, '') + '\n';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
