import { fingerprints } from '../project/fingerprint';
import { LineIndex } from '../engine/lineIndex';
import type { ScanReport } from '../project/scan';

/** Machine-readable findings with 1-based positions, for scripts and baselines. */
export function formatJson(report: ScanReport): string {
  const findings = report.files.flatMap((file) => {
    const lines = new LineIndex(file.text);
    const pos = (offset: number) => {
      const p = lines.positionAt(offset);
      return { line: p.line + 1, column: p.character + 1 };
    };
    const prints = fingerprints(file.relativePath, file.text, lines, file.result.findings);
    return file.result.findings.map((f, i) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path: file.relativePath,
      start: pos(f.range.start),
      end: pos(f.range.end),
      fixable: f.fix !== undefined,
      fingerprint: prints[i],
      suppressed: f.suppression ? { reason: f.suppression.reason } : undefined,
    }));
  });
  const notices = report.files.flatMap((file) => file.result.notices.map((n) => ({ path: file.relativePath, message: n.message })));
  return JSON.stringify({ version: 1, files: report.files.length, findings, notices, skipped: report.skipped }, null, 2) + '\n';
}
