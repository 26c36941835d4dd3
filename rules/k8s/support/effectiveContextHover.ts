import { isMap, isScalar, isSeq } from 'yaml';
import type { HoverProvider } from '../../../engine/engine';
import { containerSecurityContext, effective, INHERITED_FIELDS } from './securityContext';
import { containers, type Container } from './workloads';
import { mapAt } from './yamlNodes';

/** Container-only fields: no pod-level value to inherit, so absent means the runtime default. */
const CONTAINER_ONLY: { field: string; fallback: string }[] = [
  { field: 'privileged', fallback: 'false' },
  { field: 'allowPrivilegeEscalation', fallback: 'true' },
  { field: 'readOnlyRootFilesystem', fallback: 'false' },
];

/**
 * Hover over a container (or its securityContext): the security settings Kubernetes will
 * actually apply, and where each comes from — the container, the pod, or the default.
 */
export const effectiveContextHover: HoverProvider = (file, offset) => {
  if (file.kind !== 'yaml' || file.language !== 'kubernetes') return undefined;
  let best: Container | undefined;
  for (const container of containers(file)) {
    const r = container.map.range;
    if (r && r[0] <= offset && offset <= r[1] && (!best || (best.map.range && r[0] >= best.map.range[0]))) best = container;
  }
  if (!best) return undefined;
  const rows: string[] = [];
  for (const field of INHERITED_FIELDS) {
    const e = effective(best, field);
    if (!e && (field === 'seLinuxOptions' || field === 'windowsOptions')) continue;
    rows.push(`| \`${field}\` | ${e ? render(e.node) : '—'} | ${e ? e.source : 'not set (image default)'} |`);
  }
  const own = containerSecurityContext(best);
  for (const { field, fallback } of CONTAINER_ONLY) {
    const value = own?.get(field, true);
    rows.push(`| \`${field}\` | ${value !== undefined ? render(value) : fallback} | ${value !== undefined ? 'container' : 'default'} |`);
  }
  const caps = own && mapAt(own, 'capabilities', best.workload.doc);
  rows.push(`| \`capabilities\` | ${caps ? render(caps) : 'runtime default set'} | ${caps ? 'container' : 'default'} |`);
  return [
    `**Effective security context of ${best.group === 'containers' ? 'container' : best.group.replace(/s$/, '')} \`${best.name ?? '?'}\`** (${best.workload.kind})`,
    '',
    '| field | value | from |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
};

function render(node: unknown): string {
  if (isScalar(node)) return `\`${String(node.value)}\``;
  if (isMap(node)) return `\`{${node.items.map((p) => `${String(isScalar(p.key) ? p.key.value : '?')}: ${stripTicks(render(p.value))}`).join(', ')}}\``;
  if (isSeq(node)) return `\`[${node.items.map((i) => stripTicks(render(i))).join(', ')}]\``;
  return '`?`';
}

function stripTicks(s: string): string {
  return s.replace(/`/g, '');
}
