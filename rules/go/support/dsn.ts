/**
 * Reading connection strings (libpq key=value DSNs, postgres:// URLs, go-sql-driver/mysql
 * `user:pass@tcp(host)/db`) as far as a literal shows them: which host they reach and
 * where their password sits.
 */

/** `sslmode=disable` (also quoted, any case) in key=value and URL query forms. */
export const SSLMODE_DISABLE = /\bsslmode\s*=\s*'?(disable)\b/i;

/** Hosts that never leave the machine: the loopback names and Unix-socket directories. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.startsWith('127.') || h === '::1' || h.startsWith('/') || h === '';
}

/**
 * The host a DSN reaches, when the literal says: the URL authority's host, `host=` of a
 * key=value DSN (absent means libpq's default, the local socket: ''), mysql's `tcp(host:port)`.
 * `undefined` when it is a format verb or otherwise not written down.
 */
export function dsnHost(dsn: string): string | undefined {
  const url = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s]*)/i.exec(dsn);
  if (url) return verbless(url[1]);
  const mysql = /@(?:tcp|unix)\(([^):]*)/.exec(dsn);
  if (mysql) return verbless(mysql[1]);
  const kv = /(?:^|\s)host\s*=\s*'?([^\s']*)/i.exec(dsn);
  if (kv) return verbless(kv[1]);
  return /\b(user|dbname|sslmode)\s*=/.test(dsn) ? '' : undefined;
}

function verbless(host: string): string | undefined {
  return host.includes('%') || host.includes('{') || host.includes('$') ? undefined : host;
}

/** Where a password is written in a DSN: its offset and text, when it is a literal value. */
export function dsnPassword(dsn: string): { index: number; value: string } | undefined {
  const kv = /(?:^|[\s;])password\s*=\s*('?)([^\s';]+)\1/i.exec(dsn);
  if (kv) return { index: kv.index + kv[0].lastIndexOf(kv[2]), value: kv[2] };
  const url = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,100}:([^\s@/]{1,200})@/i.exec(dsn);
  if (url) return { index: url.index + url[0].length - 1 - url[1].length, value: url[1] };
  const mysql = /^([^\s:@/]{1,100}):([^\s@]{1,200})@(?:tcp|unix)?\(/.exec(dsn);
  if (mysql) return { index: mysql[1].length + 1, value: mysql[2] };
  return undefined;
}
