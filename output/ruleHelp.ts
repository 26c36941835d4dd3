import { cweUrl, threatLinks, type ThreatHref } from './ruleDocs';
import type { Rule } from '../engine/types';

/** Short Markdown help for SARIF and hovers: what, why (threat, STRIDE, CWE), how to fix; `threatHref` points at the bundled or the published threat model. */
export function renderRuleHelp({ meta }: Rule, threatHref: ThreatHref): string {
  return [
    `**${meta.title}** (\`${meta.id}\`)`,
    '',
    meta.description,
    '',
    `**Fix:** ${meta.remediation}`,
    '',
    `STRIDE: ${meta.stride.join(', ')} · ${meta.cwe.map((c) => `[CWE-${c}](${cweUrl(c)})`).join(', ')} · Threat model: ${threatLinks(meta.threat.ids, threatHref)}: ${meta.threat.summary}`,
  ].join('\n');
}
