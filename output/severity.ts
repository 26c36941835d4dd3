import type { Finding, Severity } from '../engine/types';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

export type FailOn = Severity | 'none';

export function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return threshold !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function counts(findings: Finding[]): Record<Severity, number> {
  const result: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) result[f.severity]++;
  return result;
}
