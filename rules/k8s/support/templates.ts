import type { OffsetRange, YamlFile } from '../../../engine/types';
import type { Container } from './workloads';
import { podSecurityContext } from './securityContext';

/**
 * Helm templates are analysed for what is literal; where a template action could supply a
 * setting, its absence is unknown and never reported.
 */
export function templatedWithin(file: YamlFile, range: readonly number[] | null | undefined, mention?: string): boolean {
  if (!range || file.templated.length === 0) return false;
  const [start, , end = range[1]] = range;
  return file.templated.some((t: OffsetRange) => t.start < end && t.end > start && (!mention || file.text.slice(t.start, t.end).includes(mention)));
}

/** Could a template supply this container's security context (its own, or the pod's)? */
export function securityContextUnknown(file: YamlFile, container: Container): boolean {
  return (
    templatedWithin(file, container.map.range) ||
    templatedWithin(file, podSecurityContext(container)?.range) ||
    templatedWithin(file, container.workload.podSpec.range, 'ecurityContext')
  );
}
