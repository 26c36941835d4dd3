/** An image reference split the way registries read it: `[registry[:port]/]path[:tag][@digest]`. */
export interface ImageRef {
  /** Offsets of the tag within the reference string, when it has one. */
  tag?: { value: string; start: number; end: number };
  digest?: string;
  /** True when the reference contains template or variable syntax we cannot resolve (`{{ }}`, `${ }`). */
  templated: boolean;
}

export function parseImageRef(reference: string): ImageRef {
  const templated = reference.includes('{{') || reference.includes('$');
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const name = at >= 0 ? reference.slice(0, at) : reference;
  // A colon before the last slash is a registry port (`registry:5000/app`), not a tag.
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? { value: name.slice(colon + 1), start: colon + 1, end: name.length } : undefined;
  return { tag, digest, templated };
}
