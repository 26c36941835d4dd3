/**
 * Whether a host stays on the machine (or inside the pod): one judgement for database hosts
 * in Go, TypeScript and manifests, and for the addresses Go servers listen on.
 */

/**
 * Loopback and local-socket hosts, the union every reader of connection settings agrees on:
 * - `localhost` (any case);
 * - IPv4 127.0.0.0/8, the whole block (`127.0.0.2` is as local as `127.0.0.1`), as a dotted quad:
 *   `127.example.com` is a name like any other;
 * - IPv6 `::1` (bracketed or not, also written out in full);
 * - Unix socket paths (`/var/run/postgresql`, `/tmp`, `/cloudsql/…`): a socket is not a network
 *   connection;
 * - `''`, an empty host: the drivers' default, libpq's local socket or `localhost` (pg, mysql2).
 * `undefined` (no host written down) is not loopback: it could be anything.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const h = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (h === '' || h === 'localhost' || h.startsWith('/')) return true;
  if (h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h)) return true;
  const quad = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return quad !== null && quad.slice(1).every((part) => Number(part) <= 255);
}

/**
 * Whether a `host:port` listen address (Go's `net.Listen`, `http.ListenAndServe`) binds to a
 * loopback host. `:8080` has no host, which means every interface: not loopback.
 */
export function isLoopbackAddress(address: string): boolean {
  const host = /^(\[[^\]]*\]|[^:[\]]*):[^:]*$/.exec(address)?.[1];
  return host !== undefined && host !== '' && isLoopbackHost(host);
}
