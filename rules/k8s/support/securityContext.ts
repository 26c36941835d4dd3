import { isMap, isScalar, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Container } from './workloads';
import { mapAt, pairOf } from './yamlNodes';
import { addEntries } from './yamlEdits';
import type { TextEdit } from '../../../engine/types';

/** Fields a container inherits from the pod's securityContext when it does not set them (PodSecurityContext ∩ SecurityContext). */
export const INHERITED_FIELDS = ['runAsNonRoot', 'runAsUser', 'runAsGroup', 'seccompProfile', 'seLinuxOptions', 'windowsOptions'] as const;
export type InheritedField = (typeof INHERITED_FIELDS)[number];

export interface Effective {
  /** The YAML node holding the value (a scalar, or a map for seccompProfile). */
  node: unknown;
  /** Where Kubernetes takes the value from. */
  source: 'container' | 'pod';
}

export function containerSecurityContext(container: Container): YAMLMap | undefined {
  return mapAt(container.map, 'securityContext', container.workload.doc);
}

export function podSecurityContext(container: Container): YAMLMap | undefined {
  return mapAt(container.workload.podSpec, 'securityContext', container.workload.doc);
}

/** The value Kubernetes uses for `field`: the container's own, else the pod's. */
export function effective(container: Container, field: InheritedField): Effective | undefined {
  const own = containerSecurityContext(container);
  if (own?.has(field)) return { node: own.get(field, true), source: 'container' };
  const pod = podSecurityContext(container);
  if (pod?.has(field)) return { node: pod.get(field, true), source: 'pod' };
  return undefined;
}

export function scalarValue(e: Effective | undefined): unknown {
  return e && isScalar(e.node) ? e.node.value : undefined;
}

export function asScalar(e: Effective | undefined): Scalar | undefined {
  return e && isScalar(e.node) ? e.node : undefined;
}

/** The seccomp profile type in force (`RuntimeDefault`, `Localhost`, `Unconfined`), if any. */
export function effectiveSeccompType(container: Container, _doc: Document.Parsed): { type: string | undefined; effective: Effective | undefined } {
  const e = effective(container, 'seccompProfile');
  if (!e || !isMap(e.node)) return { type: undefined, effective: e };
  const type = e.node.get('type');
  return { type: typeof type === 'string' ? type : undefined, effective: e };
}

/**
 * Where to report something a container lacks: its `securityContext` (or other `key`) key when it has one,
 * else its `name` key, else the start of the container's mapping.
 */
export function absenceAnchor(container: Container, preferredKey = 'securityContext'): { start: number; end: number } {
  const pair: Pair | undefined = pairOf(container.map, preferredKey) ?? container.namePair;
  const key = pair?.key as { range?: [number, number, number] } | undefined;
  if (key?.range) return { start: key.range[0], end: key.range[1] };
  const r = container.map.range;
  return r ? { start: r[0], end: r[0] } : { start: 0, end: 0 };
}

/**
 * Edit that sets `entries` (e.g. `runAsNonRoot: true`) in the container's securityContext,
 * merging into an existing one or adding the block, with the file's indentation.
 */
export function securityContextEdit(text: string, container: Container, entries: string[]): TextEdit | undefined {
  const own = containerSecurityContext(container);
  if (own) return addEntries(text, own, entries);
  const nested = entries.flatMap((entry) => entry.split('\n')).map((line) => `  ${line}`);
  return addEntries(text, container.map, [`securityContext:\n${nested.join('\n')}`]);
}
