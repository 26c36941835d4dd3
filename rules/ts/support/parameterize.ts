import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, rangeOf } from '../../../engine/syntax';
import type { Fix, TextEdit } from '../../../engine/types';
import { definitionOf } from './flow';
import { callArguments, FUNCTION_NODE_TYPES, unwrapParens } from './modules';
import type { Sink } from './sqlSinks';
import { analyzeString, templateParts } from './stringBuild';

/** One substituted value of the template, and how it is written in the SQL text. */
interface Value {
  expression: Node;
  /** The value to pass: the expression, or `` `%${x}%` `` when the SQL wrapped it in LIKE wildcards. */
  text: string;
  name: string;
}

/**
 * Rewrites a template literal that reaches a sink (directly, or through one `const` used only
 * there) into a placeholder query plus values, in the driver's style: `$1…` and a values array
 * for pg and postgres.js, `?` for mysql/mysql2/sqlite3/knex, `:name` replacements for
 * sequelize and typeorm's query builder, and prisma's safe tagged `$queryRaw`. Each value must
 * sit where SQL takes a value (after `=`, `LIKE`, `VALUES (`, …), quoted or not; constants
 * stay substituted. Any other shape gets no fix.
 */
export function parameterizeFix(call: Node, sink: Sink, root: Node): Fix | undefined {
  const driver = sink.driver;
  if (!driver || sink.kind === 'value' || (driver === 'typeorm' && (sink.kind === 'statement' || sink.model.valuesArgument === undefined))) return undefined;
  const template = templateOf(sink.query, call, root);
  if (!template) return undefined;
  const rewritten = rewrite(template, root, driver === 'prisma');
  if (!rewritten || rewritten.values.length === 0) return undefined;
  const { values } = rewritten;
  let n = 0;
  const sqlText = rewritten.pieces.map((p) => (typeof p === 'string' ? p : placeholder(driver, values[p].name, ++n))).join('');
  const args = callArguments(call);
  const edits: TextEdit[] = [];
  if (driver === 'prisma') {
    if (args.length !== 1 || unwrapParens(sink.query)?.id !== template.id) return undefined;
    const fn = field(call, 'function');
    const property = fn && field(fn, 'property');
    if (!property) return undefined;
    const method = sink.method === '$queryRawUnsafe' ? '$queryRaw' : '$executeRaw';
    edits.push({ range: { start: property.startIndex, end: call.endIndex }, newText: `${method}\`${sqlText}\`` });
    return { title: `Use the tagged ${method}\`…\` (values become parameters)`, edits };
  }
  edits.push({ range: rangeOf(template), newText: `\`${sqlText}\`` });
  const queryArg = args[0];
  if (!queryArg) return undefined;
  const rest = args.slice(1);
  const valueTexts = values.map((v) => v.text);
  if (driver === 'sequelize' || (driver === 'typeorm' && sink.kind === 'fragment')) {
    const distinct = values.filter((v, i) => values.findIndex((w) => w.name === v.name) === i);
    const object = `{ ${distinct.map((v) => (v.text === v.name ? v.name : `${v.name}: ${v.text}`)).join(', ')} }`;
    if (driver === 'typeorm' || sink.method === 'literal') {
      if (rest.length > 0 || sink.method === 'literal') return undefined;
      edits.push({ range: { start: queryArg.endIndex, end: queryArg.endIndex }, newText: `, ${object}` });
    } else {
      const options = unwrapParens(rest[0]);
      if (rest.length === 0) edits.push({ range: { start: queryArg.endIndex, end: queryArg.endIndex }, newText: `, { replacements: ${object} }` });
      else if (rest.length === 1 && options?.type === 'object' && !/\b(replacements|bind)\b/.test(options.text)) {
        const empty = options.namedChildren.length === 0;
        edits.push({ range: { start: options.startIndex + 1, end: options.startIndex + 1 }, newText: ` replacements: ${object}${empty ? ' ' : ','}` });
      } else return undefined;
    }
    return { title: 'Pass the values as named replacements (:name)', edits };
  }
  if (driver === 'better-sqlite3') {
    // db.prepare(sql).get() → .get(a, b)
    const member = call.parent;
    const run = member?.type === 'member_expression' ? member.parent : undefined;
    if (sink.method !== 'prepare' || run?.type !== 'call_expression' || callArguments(run).length > 0) return undefined;
    const runArgs = field(run, 'arguments');
    if (!runArgs) return undefined;
    edits.push({ range: { start: runArgs.startIndex + 1, end: runArgs.endIndex - 1 }, newText: valueTexts.join(', ') });
    return { title: 'Bind the values to ? placeholders', edits };
  }
  const sqliteCallback = rest.length === 1 && FUNCTION_NODE_TYPES.includes(unwrapParens(rest[0])?.type ?? '');
  if (rest.length > 0 && !sqliteCallback) return undefined;
  if (sink.method === 'exec') return undefined; // sqlite's exec takes no parameters
  edits.push({ range: { start: queryArg.endIndex, end: queryArg.endIndex }, newText: `, [${valueTexts.join(', ')}]` });
  const style = driver === 'pg' || driver === 'postgres' ? '$1, $2, …' : '?';
  return { title: `Pass the values as query parameters (${style} placeholders)`, edits };
}

function placeholder(driver: string, name: string, n: number): string {
  if (driver === 'pg' || driver === 'postgres') return `$${n}`;
  if (driver === 'sequelize' || driver === 'typeorm') return `:${name}`;
  return '?';
}

/** The template literal the query is: the argument itself, or a `const` initializer used only by this call. */
function templateOf(query: Node, call: Node, root: Node): Node | undefined {
  const node = unwrapParens(query);
  if (node?.type === 'template_string' || isConcatenation(node)) return node;
  if (node?.type !== 'identifier') return undefined;
  const definition = unwrapParens(definitionOf(node.text, node, root));
  if (!definition || (definition.type !== 'template_string' && !isConcatenation(definition))) return undefined;
  const declarator = definition.parent;
  if (declarator?.type !== 'variable_declarator') return undefined;
  const scope = ancestor(call, FUNCTION_NODE_TYPES) ?? root;
  if ((ancestor(declarator, FUNCTION_NODE_TYPES) ?? root).id !== scope.id) return undefined;
  const uses = descendants(scope, 'identifier').filter((id) => id.text === node.text && id.startIndex > declarator.endIndex);
  if (uses.length !== 1) return undefined;
  // `sql += …` later would be missed by the rewrite.
  if (descendants(scope, 'augmented_assignment_expression').some((a) => field(a, 'left')?.text === node.text)) return undefined;
  return definition;
}

/** The template's text with each dynamic value replaced by an index into `values`, or undefined when a value is not in a value position. */
function rewrite(template: Node, root: Node, keepTemplateValues: boolean): { pieces: (string | number)[]; values: Value[] } | undefined {
  const split = template.type === 'template_string' ? { parts: templateParts(template), raw: rawFragments(template) } : concatenationParts(template);
  if (!split) return undefined;
  const { parts, raw } = split;
  const pieces: (string | number)[] = [];
  const values: Value[] = [];
  const names = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') {
      pieces.push(raw.get(i) ?? part);
      continue;
    }
    const built = analyzeString(part, root);
    if (built.dynamic.length === 0) {
      pieces.push(`\${${part.text}}`);
      continue;
    }
    const before = String(pieces[pieces.length - 1] ?? '');
    const afterIndex = i + 1;
    const after = typeof parts[afterIndex] === 'string' ? (raw.get(afterIndex) ?? '') : '';
    const quoted = /'(%?)$/.exec(before);
    const closing = quoted ? (quoted[1] ? /^%'/ : /^'/).exec(after) : null;
    if (quoted && !closing) return undefined;
    const head = quoted ? before.slice(0, before.length - quoted[0].length) : before;
    if (
      !isValuePosition(
        pieces
          .slice(0, -1)
          .map((p) => (typeof p === 'number' ? '?' : p))
          .join('') + head,
      )
    )
      return undefined;
    if (quoted && closing) {
      pieces[pieces.length - 1] = head;
      parts[afterIndex] = after.slice(closing[0].length);
      raw.set(afterIndex, after.slice(closing[0].length));
    }
    const wildcard = quoted?.[1] === '%' ? '%' : '';
    const text = wildcard ? `\`%\${${part.text}}%\`` : part.text;
    // The same expression twice (`LIKE '%${q}%' OR … '%${q}%'`) is one named value.
    const name = values.find((v) => v.expression.text === part.text && v.text === text)?.name ?? uniqueName(part, names);
    values.push({ expression: part, text, name });
    pieces.push(keepTemplateValues ? `\${${text}}` : values.length - 1);
  }
  if (keepTemplateValues) return { pieces: pieces.map((p) => (typeof p === 'number' ? '' : p)), values };
  return { pieces, values };
}

/** `'SELECT … ' + x + '…'`: a `+` chain with at least one string literal in it. */
function isConcatenation(node: Node | undefined): boolean {
  if (node?.type !== 'binary_expression' || node.child(1)?.text !== '+') return false;
  return operands(node).some((o) => o.type === 'string');
}

function operands(node: Node): Node[] {
  const n = unwrapParens(node);
  if (n?.type === 'binary_expression' && n.child(1)?.text === '+') return [...operands(field(n, 'left') ?? n), ...operands(field(n, 'right') ?? n)];
  return n ? [n] : [];
}

/**
 * A concatenation as template parts: string literals become template text (escaped for
 * backticks), everything else a substitution. Undefined for chains that are not plain text + values.
 */
function concatenationParts(node: Node): { parts: (string | Node)[]; raw: Map<number, string> } | undefined {
  const parts: (string | Node)[] = [];
  const raw = new Map<number, string>();
  for (const operand of operands(node)) {
    if (operand.type === 'string') {
      const text = templateText(operand);
      if (text === undefined) return undefined;
      const last = parts.length - 1;
      if (typeof parts[last] === 'string') {
        parts[last] += text;
        raw.set(last, (raw.get(last) ?? '') + text);
      } else {
        parts.push(text);
        raw.set(parts.length - 1, text);
      }
    } else if (operand.type === 'template_string') return undefined;
    else parts.push(operand);
  }
  return { parts, raw };
}

/** A quoted string's content written for a template literal, or undefined when its escapes are unusual. */
function templateText(literal: Node): string | undefined {
  const body = literal.text.slice(1, -1);
  if (/\\[^'"\\nt]/.test(body)) return undefined;
  return body
    .replace(/\\(['"])/g, '$1')
    .replace(/`/g, '\\`')
    .replace(/\$\{/g, '\\${');
}

/** Raw source text of each string part of the template, by part index. */
function rawFragments(template: Node): Map<number, string> {
  const map = new Map<number, string>();
  let index = -1;
  let previousWasText = false;
  for (const child of template.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_substitution') {
      if (child.namedChildren.length > 0) index++;
      previousWasText = false;
      continue;
    }
    if (!previousWasText) index++;
    map.set(index, (map.get(index) ?? '') + child.text);
    previousWasText = true;
  }
  return map;
}

/** Where SQL takes a value: after a comparison, LIKE, LIMIT/OFFSET, `VALUES (`/`IN (` lists, `SET x =`. */
function isValuePosition(sqlBefore: string): boolean {
  const text = sqlBefore.trimEnd();
  if (/(=|<|>|\blike|\bilike|\blimit|\boffset|\bbetween|\bthen|\belse)$/i.test(text)) return true;
  if (/[(,]$/.test(text)) {
    // Inside `VALUES (…` (a value list), not a column list or `IN (` (an array needs ANY($1)).
    let depth = 0;
    for (let i = text.length - 1; i >= 0; i--) {
      if (text[i] === ')') depth++;
      else if (text[i] === '(') {
        if (depth === 0) return /\bvalues\s*$/i.test(text.slice(0, i));
        depth--;
      }
    }
  }
  return false;
}

function uniqueName(expression: Node, taken: Set<string>): string {
  const node = unwrapParens(expression);
  let base = node?.type === 'identifier' ? node.text : node?.type === 'member_expression' ? (field(node, 'property')?.text ?? 'value') : 'value';
  if (!/^[A-Za-z_]\w*$/.test(base)) base = 'value';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}
