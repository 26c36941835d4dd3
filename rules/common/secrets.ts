import { urlPassword } from './linearText';
/**
 * Shared judgement of names and values that hold credentials, used by the manifest,
 * Dockerfile and code rules. Deliberately conservative: a name must say it is a secret,
 * and placeholders, references and templated values are never findings.
 */

/** Words that, as a whole segment of a name (`DB_PASSWORD`, `jwtSecret`, `api-key`), mark a secret. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'signingkey',
  'accesskey',
  'secretkey',
  'clientsecret',
  'pass',
]);
/** Segments that turn a secret-looking name into a reference to one (a path, a name, a flag). */
const REFERENCE_WORDS = new Set([
  'file',
  'path',
  'dir',
  'name',
  'ref',
  'url',
  'uri',
  'endpoint',
  'length',
  'len',
  'expiry',
  'expires',
  'ttl',
  'type',
  'id',
  'enabled',
  'header',
  'policy',
  'rotation',
  'min',
  'max',
  'count',
  'hash',
  'algorithm',
  'alg',
  'issuer',
  'audience',
  'env',
  'key_id',
  'version',
  'pattern',
  'regex',
  'regexp',
]);

/** Splits `DB_PASSWORD`, `jwtSigningKey`, `api-key`, `db.password` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (words.some((w) => REFERENCE_WORDS.has(w))) return false;
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i])) return true;
    // Two-word forms: private key, signing key, access key, secret key, api key, client secret, jwt key.
    const pair = words[i] + (words[i + 1] ?? '');
    if (SECRET_WORDS.has(pair)) return true;
    if ((words[i] === 'api' || words[i] === 'jwt' || words[i] === 'encryption' || words[i] === 'master') && words[i + 1] === 'key') return true;
  }
  return false;
}

/** Values that are not secrets even under a secret name: empty, templated, references, obvious placeholders. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  // `$___` is a Helm action neutralised by the YAML parser; `$(VAR)` is Kubernetes env expansion.
  if (v.includes('{{') || v.includes('${') || v.includes('$___') || /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(v) || /^\$[A-Za-z_]/.test(v) || /^<[^>]*>$/.test(v))
    return true;
  // An absolute or relative file path names where the secret is mounted (`/run/secrets/db-password`), not the secret.
  if (/^(~|\.{1,2})?\/[\w.@+-]+(\/[\w.@+-]+)*\/?$/.test(v) && v.includes('/')) return true;
  if (
    /^(x+|\*+|\.+|-+|changeme|change-me|replace[-_ ]?me|todo|tbd|none|null|undefined|false|true|secret|password|example|placeholder|dummy|redacted)$/i.test(v)
  )
    return true;
  if (/^(vault|secretsmanager|ssm|arn|sm|gcp-sm|akv):/i.test(v)) return true;
  // SHOUTING_SNAKE constants are fill-me-in markers (`YOUR_API_KEY`, `GOOGLE_API_KEY_VAL`), not credentials.
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return true;
  return false;
}

export type SecretKind = 'private key' | 'AWS access key' | 'JWT' | 'URL with credentials' | 'GitHub token' | 'Slack token' | 'password in a connection string';

/** Recognises values that are credentials whatever their name. */
export function secretValueKind(value: string): SecretKind | undefined {
  if (value.includes('-----BEGIN') && value.includes('PRIVATE KEY')) return 'private key';
  if (/\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(value)) return 'AWS access key';
  if (/\bgh[pousr]_[A-Za-z0-9]{36,}\b/.test(value)) return 'GitHub token';
  if (/\bxox[abprs]-[A-Za-z0-9-]{10,}/.test(value)) return 'Slack token';
  if (containsJwt(value)) return 'JWT';
  const password = urlPassword(value);
  if (password !== undefined && !isPlaceholder(password.value)) return 'URL with credentials';
  const dsn = /\bpassword=([^\s;'"&]{1,200})/i.exec(value);
  if (dsn && !isPlaceholder(dsn[1])) return 'password in a connection string';
  return undefined;
}

// Replaces a regular expression that backtracks quadratically on hostile text (`eyJeyJeyJ…`);
// linear: a failed attempt resumes past everything it read.

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isBase64UrlCode = (c: number) => isWordCode(c) || c === 45; /* - */

/** A JWT: `eyJ…` `.eyJ…` `.…`, each part at least 11, 11 and 8 base64url characters. */
function containsJwt(value: string): boolean {
  let at = value.indexOf('eyJ');
  while (at >= 0) {
    let i = at;
    const segment = (): number => {
      const start = i;
      while (i < value.length && isBase64UrlCode(value.charCodeAt(i))) i++;
      return i - start;
    };
    const startsWord = at === 0 || !isWordCode(value.charCodeAt(at - 1));
    const firstLength = segment();
    const runEnd = i;
    if (startsWord && firstLength >= 11 && value[i] === '.' && value.startsWith('eyJ', i + 1)) {
      i++;
      if (segment() >= 11 && value[i] === '.') {
        i++;
        if (segment() >= 8) return true;
      }
    }
    // Every later `eyJ` in the same run ends its first part at the same place: no better.
    at = value.indexOf('eyJ', startsWord ? runEnd : at + 1);
  }
  return false;
}
