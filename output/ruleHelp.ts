import { cweUrl } from './ruleDocs';
import type { Rule } from '../engine/types';

/** Short Markdown help for SARIF and hovers: what, why (threat, STRIDE, CWE), how to fix. */
export function renderRuleHelp({ meta }: Rule): string {
  return [
    `**${meta.title}** (\`${meta.id}\`)`,
    '',
    meta.description,
    '',
    `**Fix:** ${meta.remediation}`,
    '',
    `STRIDE: ${meta.stride.join(', ')} · ${meta.cwe.map((c) => `[CWE-${c}](${cweUrl(c)})`).join(', ')} · Threat model: seed ${meta.threat.seed} ${meta.threat.ref}: ${meta.threat.summary}`,
  ].join('\n');
}
