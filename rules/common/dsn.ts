/**
 * Reading connection strings (libpq key=value DSNs, postgres:// URLs, go-sql-driver/mysql
 * `user:pass@tcp(host)/db`) as far as a literal shows them: which host they reach and
 * where their password sits. Plain text, so Go sources and manifests read them alike.
 */
import { isLoopbackHost } from './hosts';
import { schemeSeparators, urlPassword } from './linearText';

/** `sslmode=disable` (also quoted, any case) in key=value and URL query forms. */
export const SSLMODE_DISABLE = /\bsslmode\s*=\s*'?(disable)\b/i;

/**
 * The host a DSN reaches, when the literal says: the URL authority's host, `host=` of a
 * key=value DSN (absent means libpq's default, the local socket: ''), mysql's `tcp(host:port)`.
 * `undefined` when it is a format verb or otherwise not written down. Judge it with
 * `isLoopbackHost` (./hosts).
 */
export function dsnHost(dsn: string): string | undefined {
  const url = urlHost(dsn);
  if (url !== undefined) return verbless(url);
  const mysql = /@(?:tcp|unix)\(([^):]*)/.exec(dsn);
  if (mysql) return verbless(mysql[1]);
  // `host=` after a space or `;` (as `password=`), or a quote when the DSN sits quoted in a command line.
  const kv = /(?:^|[\s;'"])host\s*=\s*'?([^\s;'"]*)/i.exec(dsn);
  if (kv) return verbless(kv[1]);
  return /\b(user|dbname|sslmode)\s*=/.test(dsn) ? '' : undefined;
}

/**
 * Whether the DSN itself names a loopback host or socket. A DSN that names no host does not
 * count: in a manifest the host usually comes from a `PGHOST` set beside it.
 */
export function namesLoopbackHost(dsn: string): boolean {
  const host = dsnHost(dsn);
  return host !== '' && isLoopbackHost(host);
}

function verbless(host: string): string | undefined {
  return host.includes('%') || host.includes('{') || host.includes('$') ? undefined : host;
}

/** Where a password is written in a DSN: its offset and text, when it is a literal value. */
export function dsnPassword(dsn: string): { index: number; value: string } | undefined {
  const kv = /(?:^|[\s;])password\s*=\s*('?)([^\s';]+)\1/i.exec(dsn);
  if (kv) return { index: kv.index + kv[0].lastIndexOf(kv[2]), value: kv[2] };
  const url = urlPassword(dsn);
  if (url) return url;
  const mysql = /^([^\s:@/]{1,100}):([^\s@]{1,200})@(?:tcp|unix)?\(/.exec(dsn);
  if (mysql) return { index: mysql[1].length + 1, value: mysql[2] };
  return undefined;
}

/**
 * The host of the first `scheme://[userinfo@]host` in the text: a bracketed IPv6 literal or
 * everything up to `:/?#` or whitespace. Linear, unlike the equivalent regular expression.
 */
function urlHost(text: string): string | undefined {
  for (const at of schemeSeparators(text)) {
    let i = at + 3;
    let j = i;
    while (j < text.length && !/[@/?#\s]/.test(text[j])) j++;
    if (text[j] === '@') i = j + 1;
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close >= 0) return text.slice(i, close + 1);
    }
    let end = i;
    while (end < text.length && !/[:/?#\s]/.test(text[end])) end++;
    return text.slice(i, end);
  }
  return undefined;
}
