import type { RuleMeta } from '../../engine/types';

/** Metadata for a test rule with one message, `probe`: engine policy tests build rules from it. */
export function probeMeta(id: string, extra: Partial<RuleMeta> = {}): RuleMeta<'probe'> {
  return {
    id,
    title: id,
    description: id,
    messages: { probe: id },
    severity: 'warning',
    cwe: [],
    stride: [],
    threat: { ids: [], summary: id },
    remediation: id,
    fixable: false,
    languages: ['go', 'typescript'],
    ...extra,
  };
}
