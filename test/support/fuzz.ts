/**
 * Shared by the bounded fuzz test (test/unit/fuzz.test.ts) and the long `npm run fuzz`:
 * inputs (fixture mutations and small grammars per language) and the properties every
 * analysis must keep whatever the input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DockerfileParser } from 'dockerfile-ast';
import type { Engine } from '../../engine/engine';
import { applyEdits } from '../../engine/fixes';
import { familyOf, grammarOf, type FileFamily } from '../../engine/languages';
import { loadTreeSitter } from '../../engine/parsers/treeSitter';
import { parseYaml } from '../../engine/parsers/yaml';
import type { OffsetRange } from '../../engine/types';
import { walk } from '../../engine/syntax';
import { FIXTURES_ROOT, REPO_ROOT } from './fixtures';

export const FAMILIES: readonly FileFamily[] = ['yaml', 'dockerfile', 'go', 'typescript'];

/** A file name per family (TS covers its four grammars by extension). */
const NAMES: Record<FileFamily, readonly string[]> = {
  yaml: ['deploy.yaml', 'docker-compose.yml'],
  dockerfile: ['Dockerfile'],
  go: ['main.go'],
  typescript: ['auth.ts', 'view.tsx', 'server.js', 'legacy.cjs'],
};

/** Every fixture and example file, by family. */
export function corpus(): Map<FileFamily, string[]> {
  const byFamily = new Map<FileFamily, string[]>(FAMILIES.map((f) => [f, []]));
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else {
        const family = familyOf(full);
        if (family) byFamily.get(family)?.push(fs.readFileSync(full, 'utf8'));
      }
    }
  };
  visit(FIXTURES_ROOT);
  visit(path.join(REPO_ROOT, 'examples'));
  return byFamily;
}

/** A realistic file of at least `size` characters: the family's fixtures concatenated. */
export function sizedSample(family: FileFamily, size: number): string {
  const files = corpus().get(family) ?? [];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    let text = files[i % files.length];
    // One Go package clause per file; YAML documents separated.
    if (family === 'go' && i > 0) text = text.replace(/^package \w+\s*$/m, '');
    if (family === 'yaml' && i > 0) text = `---\n${text}`;
    parts.push(text.endsWith('\n') ? text : `${text}\n`);
    length += parts[parts.length - 1].length;
  }
  return parts.join('');
}

// ---------------------------------------------------------------- mutations

type Mutation = (text: string) => string;

const TOKEN = /[A-Za-z0-9_]+|\s+|[^A-Za-z0-9_\s]/g;

/** One edit of a fixture, chosen by fast-check: the operations a broken or hostile file is made of. */
function mutationArbitrary(): fc.Arbitrary<Mutation> {
  const index = fc.nat({ max: 1_000_000 });
  const noise = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '\u0000',
      '\r',
      '\r\n',
      '\t',
      '\uFEFF',
      '\uD800',
      '"',
      "'",
      '`',
      '{{',
      '}}',
      '${',
      '*a',
      '&a ',
      '- ',
      ': ',
      '[',
      ']',
      '{',
      '}',
      '(',
      ')',
      '\\\n',
      '<<',
      '#',
      '/*',
      '*/',
      '//',
    ),
  );
  const lineOp = (op: (lines: string[], a: number, b: number) => void): fc.Arbitrary<Mutation> =>
    fc.tuple(index, index).map(([a, b]) => (text: string) => {
      const lines = text.split('\n');
      op(lines, a % lines.length, b % lines.length);
      return lines.join('\n');
    });
  const tokenOp = (op: (tokens: string[], a: number, b: number) => void): fc.Arbitrary<Mutation> =>
    fc.tuple(index, index).map(([a, b]) => (text: string) => {
      const tokens = text.match(TOKEN) ?? [''];
      op(tokens, a % tokens.length, b % tokens.length);
      return tokens.join('');
    });
  return fc.oneof(
    lineOp((lines, a) => void lines.splice(a, 1)),
    lineOp((lines, a, b) => void lines.splice(b, 0, lines[a])),
    lineOp((lines, a, b) => void ([lines[a], lines[b]] = [lines[b], lines[a]])),
    lineOp((lines, a, b) => void (lines[a] = ' '.repeat(b % 9) + lines[a].trimStart())),
    tokenOp((tokens, a) => void tokens.splice(a, 1)),
    tokenOp((tokens, a, b) => void tokens.splice(b, 0, tokens[a])),
    tokenOp((tokens, a, b) => void ([tokens[a], tokens[b]] = [tokens[b], tokens[a]])),
    fc.tuple(index, noise).map(([a, bytes]) => (text: string) => {
      const at = a % (text.length + 1);
      return text.slice(0, at) + bytes + text.slice(at);
    }),
    index.map((a) => (text: string) => text.slice(0, a % (text.length + 1))),
  );
}

/** A fixture of the family with 1–6 mutations applied. */
export function mutatedFixture(family: FileFamily, files: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...files), fc.array(mutationArbitrary(), { minLength: 1, maxLength: 6 }))
    .map(([text, mutations]) => mutations.reduce((t, m) => m(t), text));
}

// ---------------------------------------------------------------- grammars

const word = fc.constantFrom('a', 'web', 'api', 'db', 'x1', 'token', 'password', 'secret', 'jwtKey', 'DB_PASSWORD', 'key', 'q', 'query', 'claims');
const image = fc.constantFrom(
  'nginx',
  'nginx:latest',
  'nginx:1.27',
  'registry.example.com/app@sha256:' + 'a'.repeat(64),
  'busybox:${TAG}',
  '{{ .Values.image }}',
  'ghcr.io/o/i:1',
  '',
);
const scalar = fc.oneof(
  word,
  image,
  fc.constantFrom(
    'true',
    'false',
    'null',
    '0',
    '1000',
    '"0"',
    "'x'",
    '~',
    'ALL',
    'SYS_ADMIN',
    'NET_RAW',
    'RuntimeDefault',
    'Unconfined',
    'default',
    'cluster-admin',
    '"*"',
    '/var/run/docker.sock',
    'AKIAIOSFODNN7EXAMPLE',
    'postgres://u:hunter2secret@db/x',
    'ghp_' + 'a'.repeat(36),
  ),
  fc.string({ maxLength: 8 }),
);
const yamlKey = fc.constantFrom(
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'spec',
  'template',
  'containers',
  'initContainers',
  'image',
  'securityContext',
  'privileged',
  'runAsUser',
  'runAsNonRoot',
  'allowPrivilegeEscalation',
  'readOnlyRootFilesystem',
  'capabilities',
  'add',
  'drop',
  'hostNetwork',
  'hostPID',
  'hostPath',
  'volumes',
  'env',
  'value',
  'valueFrom',
  'data',
  'stringData',
  'rules',
  'verbs',
  'resources',
  'limits',
  'services',
  'environment',
  'ports',
  'user',
  'cap_add',
  'network_mode',
  'tls',
  'roleRef',
  'subjects',
  'seccompProfile',
  'type',
  '<<',
);

interface YamlValue {
  emit(indent: number): string;
}

/** Random YAML: block and flow collections, anchors, aliases, tags, multi-docs, odd indentation. */
export function yamlDocument(): fc.Arbitrary<string> {
  const { value } = fc.letrec<{ value: YamlValue; map: YamlValue; seq: YamlValue; leaf: YamlValue; flow: YamlValue }>((tie) => ({
    leaf: fc.tuple(scalar, fc.constantFrom('', '', '', '!!str ', '&a ', '*a', '!custom ')).map(([s, prefix]) => ({
      emit: () => (prefix === '*a' ? '*a' : `${prefix}${s}`),
    })),
    flow: fc
      .array(scalar, { maxLength: 4 })
      .map((items) => ({ emit: () => (items.length % 2 ? `[${items.join(', ')}]` : `{${items.map((s, i) => `k${i}: ${s}`).join(', ')}}`) })),
    map: fc.array(fc.tuple(yamlKey, tie('value')), { minLength: 1, maxLength: 5 }).map((entries) => ({
      emit: (indent: number) => entries.map(([k, v]) => `\n${' '.repeat(indent)}${k}:${block(v, indent + 2)}`).join(''),
    })),
    seq: fc.array(tie('value'), { minLength: 1, maxLength: 3 }).map((items) => ({
      emit: (indent: number) => items.map((v) => `\n${' '.repeat(indent)}-${block(v, indent + 2)}`).join(''),
    })),
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('flow'), tie('map'), tie('seq')),
  }));
  const doc = fc
    .tuple(fc.constantFrom('Pod', 'Deployment', 'ClusterRoleBinding', 'Secret', 'ConfigMap', 'Ingress', 'Role'), value, fc.boolean())
    .map(([kind, body, k8s]) => (k8s ? `apiVersion: v1\nkind: ${kind}` : 'services:\n  web:\n    image: nginx') + body.emit(0) + '\n');
  return fc.array(doc, { minLength: 1, maxLength: 3 }).map((docs) => docs.join('---\n'));
}

function block(value: YamlValue, indent: number): string {
  const text = value.emit(indent);
  return text.startsWith('\n') ? text : ` ${text}`;
}

/** Random Dockerfiles: the instructions the rules read, with shell fragments, continuations and heredocs. */
export function dockerfileDocument(): fc.Arbitrary<string> {
  const shell = fc.constantFrom(
    'curl -fsSL https://x.example/i.sh | sh',
    'wget -qO- https://x | sudo bash -s --',
    'sudo apt-get install -y openssh-server',
    'chmod 777 /app',
    'chmod -R o+w /data',
    'apt-get update && apt-get install -y curl',
    'echo $(whoami)',
    'bash -c "curl x | sh"',
    'true || false',
    'if [ -f x ]; then rm x; fi',
    'for i in 1 2; do echo $i; done',
    'cat <<EOF > /x\nhello\nEOF',
    '(cd /x && make)',
    'echo "unterminated',
    "echo 'x' \\\n  && ls",
  );
  const instruction = fc.oneof(
    fc.tuple(image, fc.constantFrom('', ' AS build', ' as x', ' --platform=$BUILDPLATFORM')).map(([i, s]) => `FROM ${i}${s}`),
    fc.array(shell, { minLength: 1, maxLength: 3 }).map((cmds) => `RUN ${cmds.join(' && \\\n    ')}`),
    fc.constantFrom(
      'USER root',
      'USER 0',
      'USER 10001',
      'USER app:app',
      'WORKDIR /app',
      'EXPOSE 22',
      'CMD ["node", "x"]',
      'RUN ["sh", "-c", "curl x | sh"]',
      '# escape=`',
      '# syntax=docker/dockerfile:1',
      'ONBUILD RUN sudo x',
      'HEALTHCHECK CMD curl x',
    ),
    fc.tuple(word, scalar).map(([k, v]) => `ENV ${k}=${v}`),
    fc.tuple(word, scalar).map(([k, v]) => `ARG ${k}=${v}`),
    fc
      .tuple(fc.constantFrom('ADD', 'COPY'), fc.constantFrom('https://x.example/a.tgz', '. /app', '--chown=1:1 a b', 'git@github.com:o/r.git /r'))
      .map(([i, a]) => `${i} ${a}`),
    fc.constantFrom('RUN <<EOF\ncurl x | sh\nEOF', 'RUN \\', '\\', 'FROM', 'RUN', ''),
  );
  return fc.array(instruction, { minLength: 1, maxLength: 10 }).map((lines) => lines.join('\n') + '\n');
}

/** Random Go: imports of the JWT and SQL packages the rules know, and statements that reach their sinks. */
export function goDocument(): fc.Arbitrary<string> {
  const expr = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(
        '"secret-key"',
        '`select * from t where id = `',
        '"SELECT * FROM users WHERE name = \'"',
        'name',
        'os.Getenv("K")',
        'nil',
        '42',
        'q',
        'key',
        '[]byte("k")',
        'r.URL.Query().Get("id")',
      ),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a} + ${b}`),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `fmt.Sprintf("%s %d", ${a}, ${b})`),
      tie('e').map((a) => `(${a})`),
      tie('e').map((a) => `strings.Join([]string{${a}}, ",")`),
    ),
  })).e;
  const statement = fc.oneof(
    fc.tuple(word, expr).map(([n, e]) => `${n} := ${e}`),
    fc.tuple(word, expr).map(([n, e]) => `${n} = ${e}`),
    fc.tuple(word, expr).map(([n, e]) => `${n} += ${e}`),
    expr.map((e) => `db.Query(${e})`),
    expr.map((e) => `db.Exec(${e}, id)`),
    expr.map((e) => `t, _ := jwt.Parse(tok, func(t *jwt.Token) (interface{}, error) { return ${e}, nil })`),
    expr.map((e) => `s, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(${e})`),
    fc.constant('t, _, _ := new(jwt.Parser).ParseUnverified(tok, jwt.MapClaims{})'),
    fc.constant('var sb strings.Builder\nsb.WriteString("SELECT * FROM t WHERE a = ")\nsb.WriteString(name)\ndb.Query(sb.String())'),
    fc.constantFrom('if x {', '}', 'for {', 'go func() {', '}()', 'defer f()', 'return'),
  );
  return fc
    .tuple(
      fc.subarray(['"database/sql"', '"fmt"', '"os"', '"strings"', 'jwt "github.com/golang-jwt/jwt/v5"', '"github.com/jmoiron/sqlx"']),
      fc.array(statement, { maxLength: 12 }),
      fc.constantFrom('', 'var key = "k"\n', 'const q = "SELECT 1"\n'),
    )
    .map(
      ([imports, body, top]) =>
        `package main\n\nimport (\n${imports.map((i) => `\t${i}`).join('\n')}\n)\n\n${top}func handler(db *sql.DB, name string, tok string) {\n\t${body.join('\n\t')}\n}\n`,
    );
}

/** Random TS/JS: jsonwebtoken/jose calls with literal, env and derived keys, decode-then-trust flows. */
export function tsDocument(): fc.Arbitrary<string> {
  const expr = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(
        "'s3cr3t-value'",
        'process.env.JWT_SECRET',
        "process.env.JWT_SECRET || 'fallback-secret'",
        'SECRET',
        'token',
        'req.headers.authorization',
        '`k${x}`',
        'undefined',
        'Buffer.from("abc")',
        'new TextEncoder().encode("key-material")',
      ),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a} + ${b}`),
      tie('e').map((a) => `(${a})`),
      tie('e').map((a) => `{ sub: ${a} }`),
      tie('e').map((a) => `await ${a}`),
    ),
  })).e;
  const statement = fc.oneof(
    fc.tuple(word, expr).map(([n, e]) => `const ${n} = ${e};`),
    fc.tuple(expr, expr).map(([p, k]) => `jwt.sign(${p}, ${k});`),
    fc.tuple(expr, expr).map(([t, k]) => `jwt.verify(${t}, ${k});`),
    expr.map((t) => `const claims = jwt.decode(${t}); if (claims.admin) grant();`),
    expr.map((k) => `await new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(${k});`),
    expr.map((k) => `app.use(expressjwt({ secret: ${k}, algorithms: ['HS256'] }));`),
    fc.constantFrom(
      'function f(token: string) {',
      '}',
      'export default () => {',
      'class A { m() {',
      '}}',
      '<div>{x}</div>;',
      'if (x) {',
      'try { x() } catch {}',
    ),
  );
  return fc
    .tuple(
      fc.subarray([
        "import jwt from 'jsonwebtoken';",
        "import * as jose from 'jose';",
        "const jwt = require('jsonwebtoken');",
        "import { expressjwt } from 'express-jwt';",
      ]),
      fc.array(statement, { maxLength: 12 }),
    )
    .map(([imports, body]) => `${imports.join('\n')}\n${body.join('\n')}\n`);
}

/** Inputs for one family: mutated fixtures and grammar-generated documents, with a file name. */
export function inputs(family: FileFamily, files: readonly string[]): fc.Arbitrary<{ path: string; text: string }> {
  const grammar = { yaml: yamlDocument, dockerfile: dockerfileDocument, go: goDocument, typescript: tsDocument }[family]();
  const text = fc.oneof(
    mutatedFixture(family, files),
    grammar,
    grammar.chain((g) => mutatedFixture(family, [g])),
  );
  return fc.tuple(fc.constantFrom(...NAMES[family]), text).map(([name, t]) => ({ path: `/fuzz/${name}`, text: t }));
}

// ---------------------------------------------------------------- properties

/** How broken a text is to its family's parser; a fix must never raise it. */
export async function syntaxErrors(family: FileFamily, filePath: string, text: string): Promise<number> {
  if (family === 'yaml') return parseYaml(filePath, text).docs.reduce((n, d) => n + d.errors.length, 0);
  if (family === 'dockerfile') {
    // dockerfile-ast accepts anything; count instructions with no known keyword.
    return DockerfileParser.parse(text)
      .getInstructions()
      .filter((i) => !DOCKERFILE_KEYWORDS.has(i.getKeyword().toUpperCase())).length;
  }
  const tree = (await loadTreeSitter()).parse(grammarOf(filePath, family), text);
  try {
    let errors = 0;
    if (!tree.rootNode.hasError) return 0;
    walk(tree.rootNode, (n) => {
      if (n.type === 'ERROR' || n.isMissing) errors++;
      return n.hasError;
    });
    return errors;
  } finally {
    tree.delete();
  }
}

const DOCKERFILE_KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

function inside(range: OffsetRange | undefined, length: number): boolean {
  return (
    range === undefined || (Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= length)
  );
}

/**
 * Checks every property on one input and throws (with a short reason) when one fails:
 * analysis never throws and stays within `budgetMs`; every range lies inside the document;
 * each offered fix applies cleanly, changes nothing outside its edits and leaves a document
 * that parses no worse.
 */
export async function checkProperties(engine: Engine, input: { path: string; text: string }, budgetMs: number): Promise<void> {
  const { path: filePath, text } = input;
  const family = familyOf(filePath);
  if (!family) throw new Error(`no family for ${filePath}`);
  const result = engine.analyze(input);
  if (result.durationMs > budgetMs) {
    // One retry: a shared CI machine may have paused this process.
    const again = engine.analyze(input);
    if (again.durationMs > budgetMs) throw new Error(`analysis took ${again.durationMs.toFixed(0)} ms (> ${budgetMs} ms) for ${text.length} chars`);
  }
  for (const notice of result.notices) {
    if (!inside(notice.range, text.length)) throw new Error(`notice range outside the document: ${JSON.stringify(notice.range)}`);
    if (/Maximum call stack|is not a function|Cannot read propert/i.test(notice.message))
      throw new Error(`internal error surfaced as a notice: ${notice.message}`);
  }
  let before: number | undefined;
  for (const finding of result.findings) {
    if (!inside(finding.range, text.length)) throw new Error(`${finding.ruleId}: range outside the document ${JSON.stringify(finding.range)}`);
    for (const related of finding.related ?? [])
      if (!inside(related.range, text.length)) throw new Error(`${finding.ruleId}: related range outside the document`);
    if (!finding.fix) continue;
    const edits = finding.fix.edits;
    for (const edit of edits)
      if (!inside(edit.range, text.length)) throw new Error(`${finding.ruleId}: fix edit outside the document ${JSON.stringify(edit.range)}`);
    const fixed = applyEdits(text, edits);
    if (fixed.skipped > 0) throw new Error(`${finding.ruleId}: fix "${finding.fix.title}" has overlapping edits`);
    assertOnlyEditsChanged(text, fixed.text, edits, finding.ruleId);
    before ??= await syntaxErrors(family, filePath, text);
    const after = await syntaxErrors(family, filePath, fixed.text);
    if (after > before) throw new Error(`${finding.ruleId}: fix "${finding.fix.title}" leaves ${after} syntax errors (was ${before})`);
    engine.analyze({ path: filePath, text: fixed.text });
  }
}

/** The text between and around the (sorted, distinct) edits is the same before and after. */
function assertOnlyEditsChanged(before: string, after: string, edits: readonly { range: OffsetRange; newText: string }[], ruleId: string): void {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let fromBefore = 0;
  let fromAfter = 0;
  let previous: { range: OffsetRange; newText: string } | undefined;
  for (const edit of sorted) {
    if (previous && previous.range.start === edit.range.start && previous.range.end === edit.range.end && previous.newText === edit.newText) continue;
    previous = edit;
    const kept = before.slice(fromBefore, edit.range.start);
    if (after.slice(fromAfter, fromAfter + kept.length) !== kept) throw new Error(`${ruleId}: fix changed text outside its edits`);
    fromAfter += kept.length;
    if (after.slice(fromAfter, fromAfter + edit.newText.length) !== edit.newText) throw new Error(`${ruleId}: fix text not where its edit says`);
    fromAfter += edit.newText.length;
    fromBefore = edit.range.end;
  }
  if (after.slice(fromAfter) !== before.slice(fromBefore)) throw new Error(`${ruleId}: fix changed text after its last edit`);
}
