import { isPair, isScalar, visit, type Scalar } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { namesLoopbackHost, SSLMODE_DISABLE } from '../common/dsn';
import type { OffsetRange } from '../../engine/types';

/** Variables and keys that set libpq's mode on their own: `PGSSLMODE: disable`, `DB_SSL_MODE: disable`. */
const SSLMODE_KEY = /SSL_?MODE$/i;

export default defineYamlRule(
  {
    id: 'k8s/db-tls-disabled',
    title: 'Database connection with TLS disabled',
    description: 'A Postgres connection set to `sslmode=disable` in a manifest or compose file, so database traffic crosses the network in cleartext.',
    messages: {
      tlsDisabledLocal: '{{what}} on a local connection: fine inside the pod, but make sure connections that leave it require TLS',
      tlsDisabled: '{{what}} sends the database password and data in cleartext across the network; use sslmode=verify-full',
    },
    severity: 'warning',
    cwe: [319, 311],
    stride: ['Information Disclosure', 'Tampering'],
    threat: { ids: ['BS-27', 'BS-28'], summary: 'Cleartext connections between services and Postgres; DB strings with sslmode=disable' },
    remediation:
      'Use `sslmode=verify-full` (encrypts and checks the server certificate and host name) with `sslrootcert=` pointing at the database CA mounted from a Secret or ConfigMap, and enable TLS on the database server; keep the whole DSN in a Secret.',
    fixable: true,
    languages: ['kubernetes', 'compose'],
  },
  ({ file, report }) => {
    const insideTemplate = (range: OffsetRange) => file.templated.some((t) => range.start < t.end && range.end > t.start);
    const flag = (range: OffsetRange, local: boolean, what: string) => {
      if (insideTemplate(range)) return;
      report({
        range,
        severity: local ? 'note' : undefined,
        messageId: local ? 'tlsDisabledLocal' : 'tlsDisabled',
        data: { what },
        fix: local ? undefined : { title: 'Require TLS with certificate checks (sslmode=verify-full)', edits: [{ range, newText: 'verify-full' }] },
      });
    };
    for (const doc of file.docs) {
      visit(doc, {
        Scalar(_key, node: Scalar, path) {
          if (typeof node.value !== 'string' || !node.range) return;
          const [start, end] = node.range;
          const source = file.text.slice(start, end);
          const match = SSLMODE_DISABLE.exec(source);
          if (match) {
            const at = start + match.index + match[0].length - match[1].length;
            flag({ start: at, end: at + match[1].length }, namesLoopbackHost(node.value), 'sslmode=disable');
            return;
          }
          // `PGSSLMODE: disable` (compose environment, ConfigMap data) or `- name: PGSSLMODE` / `value: disable`.
          if (node.value.toLowerCase() !== 'disable' || !/^['"]?disable['"]?$/i.test(source)) return;
          const parent = path[path.length - 1];
          if (!isPair(parent) || parent.value !== node) return;
          const key = isScalar(parent.key) ? String(parent.key.value) : '';
          const envName = key === 'value' ? envNameOf(path) : key;
          const quote = /^['"]/.test(source) ? 1 : 0;
          if (envName && SSLMODE_KEY.test(envName)) flag({ start: start + quote, end: end - quote }, false, `${envName}=disable`);
        },
      });
    }
  },
);

/** For `value:` inside an env entry, the entry's `name:`. */
function envNameOf(path: readonly unknown[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i] as { get?: (key: string) => unknown };
    if (typeof node?.get === 'function' && !isPair(node)) {
      const name = node.get('name');
      return typeof name === 'string' ? name : undefined;
    }
  }
  return undefined;
}
