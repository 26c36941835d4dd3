/** An image reference split the way registries read it: `[registry[:port]/]path[:tag][@digest]`. */
export interface ImageRef {
  /** Offsets of the tag within the reference string, when it has one. */
  tag?: { value: string; start: number; end: number };
  digest?: string;
  /** True when the reference contains template or variable syntax we cannot resolve (`{{ }}`, `${ }`). */
  templated: boolean;
}

export function parseImageRef(reference: string): ImageRef {
  const templated = reference.includes('{{') || reference.includes('$') || reference.includes('<');
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const name = at >= 0 ? reference.slice(0, at) : reference;
  // A colon before the last slash is a registry port (`registry:5000/app`), not a tag.
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? { value: name.slice(colon + 1), start: colon + 1, end: name.length } : undefined;
  return { tag, digest, templated };
}

/** Tags that name a moving target as surely as `latest` does. */
export const MUTABLE_TAGS = new Set([
  'latest',
  'beta',
  'alpha',
  'dev',
  'develop',
  'development',
  'edge',
  'nightly',
  'main',
  'master',
  'canary',
  'snapshot',
  'unstable',
  'testing',
  'test',
  'rolling',
]);

/** The registry host an image is pulled from: the first component when it looks like a host, else Docker Hub. */
export function registryOf(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : 'docker.io';
}

/**
 * Whether an image comes from an allowed registry. Entries are hosts (`registry.example.com`)
 * or host/path prefixes (`ghcr.io/booksstore`); `docker.io` covers Docker Hub's short names.
 */
export function isAllowedRegistry(reference: string, allowed: readonly string[]): boolean {
  const registry = registryOf(reference);
  const lower = reference.toLowerCase();
  const full = registry === 'docker.io' && !lower.startsWith('docker.io/') ? `docker.io/${lower}` : lower;
  return allowed.some((entry) => {
    const e = trimTrailingSlashes(entry.toLowerCase());
    return e === registry || full.startsWith(`${e}/`);
  });
}

/** `a/b//` → `a/b`, in linear time (`/\/+$/` backtracks quadratically on long runs of `/`). */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47 /* / */) end--;
  return value.slice(0, end);
}
