import { hasUrlUserInfo } from '../common/linearText';
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineTreeRule } from '../../engine/defineRule';
import { maskSecret } from '../common/mask';
import { isPlaceholder } from '../common/secrets';
import { descendants, field, named, rangeOf } from '../../engine/syntax';
import type { Fix } from '../../engine/types';
import { isLoopbackHost } from '../common/hosts';
import { isConnectionObject, keyName, literalHost, usesDatabase } from './support/dbConfig';
import { callArguments, moduleBindings, stringValue, unwrapParens } from './support/modules';
import { literalSecret, type LiteralSecret } from './support/secrets';

const DB_ONLY_KEYS = ['dialect', 'connectionString', 'database', 'port', 'connectionLimit'];
const PASSWORD_KEYS = new Set(['password', 'pass', 'pwd', 'passwd']);
const DB_URL = /^((?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|mssql|sqlserver|redis|rediss|amqps?):\/\/)([^:@/\s]+):([^@/\s]+)@([^:/?\s]+)/i;

export default defineTreeRule(
  {
    id: 'ts/db-hardcoded-password',
    title: 'Hard-coded database password',
    description: 'A database password written in the source: in connection options, a connection URL or the fallback of an environment variable.',
    messages: {
      hardcodedPassword: 'Database password {{value}} is written in the source ({{where}}); anyone with the code can log in to the database',
    },
    severity: 'error',
    cwe: [798, 259],
    stride: ['Information Disclosure', 'Elevation of Privilege'],
    threat: { ids: ['PILLAR-CODE-3'], summary: 'Credentials committed with the code leak with it' },
    remediation:
      'Read credentials from the environment or a secret manager at start-up (`password: process.env.DB_PASSWORD`, `connectionString: process.env.DATABASE_URL`), inject them as Kubernetes Secrets, and rotate the committed password.',
    fixable: true,
    languages: ['typescript'],
  },
  ({ file, report }) => {
    // Cheap pre-check: no password key and no `user:pass@` URL in the text.
    if (!/pass|pwd/i.test(file.text) && !hasUrlUserInfo(file.text)) return;
    const root = file.tree.rootNode;
    const reported = new Set<number>();
    const flag = (secret: LiteralSecret, where: string, fix: Fix | undefined, use?: Node) => {
      if (reported.has(secret.literal.startIndex)) return;
      reported.add(secret.literal.startIndex);
      const related =
        use && (use.startIndex > secret.literal.endIndex || use.endIndex < secret.literal.startIndex)
          ? [{ range: rangeOf(use), message: 'used as the database password here' }]
          : undefined;
      report({ range: rangeOf(secret.literal), messageId: 'hardcodedPassword', data: { value: maskSecret(secret.value), where }, fix, related });
    };
    const db = usesDatabase(root);
    // Objects with a password key only: reading every object's keys is the slow part.
    const candidates = descendants(root, 'property_identifier').filter(
      (k) => PASSWORD_KEYS.has(k.text) && k.parent?.type === 'pair' && k.parent.parent?.type === 'object',
    );
    for (const object of new Set(candidates.map((k) => k.parent?.parent).filter((o): o is Node => o !== null && o !== undefined))) {
      // Connection options: in a file that uses a database library, or with keys only they have
      // (sequelize-cli configs have `dialect`); i18n label maps have `username`/`password`/`hostname` too.
      if (!isConnectionObject(object) || isLoopbackHost(literalHost(object)) || (!db && !DB_ONLY_KEYS.some((k) => hasKey(object, k)))) continue;
      for (const member of named(object)) {
        if (member.type !== 'pair' || !PASSWORD_KEYS.has(keyName(member) ?? '')) continue;
        const value = field(member, 'value');
        const secret = literalSecret(value, root);
        if (secret && !isPlaceholder(secret.value)) flag(secret, `${keyName(member)} of the connection options`, envFix(secret, 'DB_PASSWORD'), value);
      }
    }
    // new Sequelize('db', 'user', 'password', { … })
    const sequelize = moduleBindings(root, ['sequelize', 'sequelize-typescript']);
    for (const construct of descendants(root, 'new_expression')) {
      const ctor = unwrapParens(field(construct, 'constructor'));
      if (!ctor || sequelize.named.get(ctor.text) !== 'Sequelize') continue;
      const args = callArguments(construct);
      const options = unwrapParens(args[3]);
      if (args.length < 3 || (options?.type === 'object' && isLoopbackHost(literalHost(options)))) continue;
      const secret = literalSecret(args[2], root);
      if (secret && !isPlaceholder(secret.value)) flag(secret, 'the password argument of new Sequelize', envFix(secret, 'DB_PASSWORD'), args[2]);
    }
    for (const literal of descendants(root, ['string', 'template_string'])) {
      const value = literal.type === 'string' ? stringValue(literal) : literal.text.slice(1, -1);
      const url = value ? DB_URL.exec(value) : null;
      if (!url || isPlaceholder(url[3]) || isLoopbackHost(url[4]) || url[3].includes('${')) continue;
      // `process.env.DATABASE_URL || 'postgres://…'`: the fix keeps only the environment read.
      const parent = literal.parent?.type === 'parenthesized_expression' ? literal.parent.parent : literal.parent;
      const fallback =
        parent?.type === 'binary_expression' && ['||', '??'].includes(parent.child(1)?.text ?? '') && unwrapParens(field(parent, 'right'))?.id === literal.id;
      const primary = fallback ? field(parent, 'left') : undefined;
      const secret: LiteralSecret = { literal, value: url[3], replace: primary && parent ? parent : literal, primary };
      flag(secret, 'in a connection URL', envFix(secret, 'DATABASE_URL'));
    }
  },
);

function hasKey(object: Node, key: string): boolean {
  return named(object).some((m) => (m.type === 'pair' && keyName(m) === key) || (m.type === 'shorthand_property_identifier' && m.text === key));
}

/** Replaces the literal (or a whole `process.env.X || '…'`) with an environment read. */
function envFix(secret: LiteralSecret, variable: string): Fix {
  const source = secret.primary?.text ?? `process.env.${variable}`;
  return { title: `Read it from ${source}`, edits: [{ range: rangeOf(secret.replace), newText: source }] };
}
