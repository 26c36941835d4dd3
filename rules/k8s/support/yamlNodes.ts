import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { OffsetRange } from '../../../engine/types';

/** Follows an alias (`*anchor`) to the node it names, so rules see anchors and aliases as Kubernetes does. */
export function deref(node: unknown, doc: Document.Parsed): unknown {
  let current = node;
  for (let hops = 0; hops < 8 && isAlias(current); hops++) current = current.resolve(doc);
  return current;
}

export function mapAt(map: YAMLMap, key: string, doc: Document.Parsed): YAMLMap | undefined {
  const value = deref(map.get(key, true), doc);
  return isMap(value) ? value : undefined;
}

export function seqAt(map: YAMLMap, key: string, doc: Document.Parsed): YAMLSeq | undefined {
  const value = deref(map.get(key, true), doc);
  return isSeq(value) ? value : undefined;
}

export function scalarAt(map: YAMLMap, key: string, doc: Document.Parsed): Scalar | undefined {
  const value = deref(map.get(key, true), doc);
  return isScalar(value) ? value : undefined;
}

/** The key/value pair of `key`, for ranges that point at the key. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

export function stringAt(map: YAMLMap, key: string, doc: Document.Parsed): string | undefined {
  const scalar = scalarAt(map, key, doc);
  return scalar && typeof scalar.value === 'string' ? scalar.value : undefined;
}

/** A node's source range as offsets (the value part, without trailing comments). */
export function rangeOf(node: Node | null | undefined): OffsetRange | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** True when a scalar is a YAML boolean true (`true`, `True`, `TRUE`), not the string "true". */
export function isTrue(scalar: Scalar | undefined): boolean {
  return scalar?.value === true;
}
