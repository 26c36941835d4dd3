import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, named, walk } from '../../../engine/syntax';
import { FORMAT_FUNCTIONS, REQUEST_SOURCES, SANITIZER_NAMES, SANITIZERS } from '../models/sql';
import { definitionOf, parameterNamed } from './flow';
import { callArguments, FUNCTION_NODE_TYPES, moduleBindings, stringValue, unwrapParens } from './modules';

/** How a string value was put together, as far as the file shows. */
export interface StringBuild {
  /** The constant text it contains (literal parts joined), for judging whether it is SQL. */
  literalText: string;
  /** Expressions whose value the file does not fix: where outside data gets in. */
  dynamic: Node[];
  /**
   * For a dynamic part that reached the text through a variable (`const s = f(); \`FROM ${s}\``),
   * the substitution it entered a template literal by (by the part's node id): where it sits in the SQL.
   */
  substitutions?: ReadonlyMap<number, Node>;
}

const CONSTANT: StringBuild = { literalText: '', dynamic: [] };
const dynamicOf = (node: Node): StringBuild => ({ literalText: '', dynamic: [node] });

function merge(a: StringBuild, b: StringBuild): StringBuild {
  const merged: StringBuild = { literalText: a.literalText + b.literalText, dynamic: [...a.dynamic, ...b.dynamic] };
  if (a.substitutions || b.substitutions) merged.substitutions = new Map([...(b.substitutions ?? []), ...(a.substitutions ?? [])]);
  return merged;
}

/** The innermost template substitution a value came in by: the one that says where it sits in the SQL. */
function substituted(build: StringBuild, substitution: Node): StringBuild {
  const missing = build.dynamic.filter((d) => d.id !== substitution.id && !build.substitutions?.has(d.id));
  if (missing.length === 0) return build;
  return { ...build, substitutions: new Map([...missing.map((d) => [d.id, substitution] as const), ...(build.substitutions ?? [])]) };
}

/** Where a dynamic part sits in the text: itself, or the substitution it entered a template by. */
export function placeOf(build: StringBuild, part: Node): Node {
  return build.substitutions?.get(part.id) ?? part;
}

/**
 * Follows a string expression through literals, template literals, `+`, `+=`, ternaries,
 * `.concat()`, `[…].join()` and local or module-level variables, and says which parts are
 * constant and which are not. Numbers (`Number(x)`, `parseInt`, `.length`, arithmetic) and
 * placeholder lists (`ids.map(() => '?').join(',')`) cannot inject and count as constant.
 * A tagged template (`sql\`…\``) is a library's safe query object, not a string: constant.
 */
export function analyzeString(expression: Node | undefined, root: Node, depth = 0): StringBuild {
  const node = unwrapParens(expression);
  if (!node || depth > 10) return CONSTANT;
  switch (node.type) {
    case 'string':
      return { literalText: stringValue(node) ?? '', dynamic: [] };
    case 'template_string':
      return templateParts(node).reduce<StringBuild>(
        (acc, part) => merge(acc, typeof part === 'string' ? { literalText: part, dynamic: [] } : substituted(analyzeString(part, root, depth + 1), part)),
        CONSTANT,
      );
    case 'number':
    case 'true':
    case 'false':
    case 'null':
    case 'undefined':
      return CONSTANT;
    case 'binary_expression':
      return analyzeBinary(node, root, depth);
    case 'ternary_expression':
      return merge(analyzeString(field(node, 'consequence'), root, depth + 1), analyzeString(field(node, 'alternative'), root, depth + 1));
    case 'identifier':
      return analyzeIdentifier(node, root, depth);
    case 'member_expression':
    case 'subscript_expression':
      if (node.type === 'member_expression' && field(node, 'property')?.text === 'length') return CONSTANT;
      if (SANITIZER_NAMES.some((n) => n.applies === 'value' && n.pattern.test(field(node, 'property')?.text ?? ''))) return CONSTANT;
      return constantMember(node, root) ?? dynamicOf(node);
    case 'unary_expression':
      // `+x`, `-x`, `!x`, `typeof x`: a number, a boolean or a type name.
      return ['+', '-', '!', '~', 'typeof'].includes(node.child(0)?.text ?? '') ? CONSTANT : dynamicOf(node);
    case 'call_expression':
      return analyzeCall(node, root, depth);
    default:
      return dynamicOf(node);
  }
}

/** A template literal's constant text pieces and substituted expressions, in order. */
export function templateParts(template: Node): (string | Node)[] {
  const parts: (string | Node)[] = [];
  for (const child of named(template)) {
    if (child.type === 'template_substitution') {
      const expression = named(child)[0];
      if (expression) parts.push(expression);
    } else if (child.type === 'string_fragment' || child.type === 'escape_sequence') {
      const text = child.type === 'escape_sequence' ? unescape(child.text) : child.text;
      if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += text;
      else parts.push(text);
    }
  }
  return parts;
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '`': '`', '\\': '\\', $: '$', "'": "'", '"': '"' };
  return simple[sequence.slice(1)] ?? sequence;
}

function analyzeBinary(node: Node, root: Node, depth: number): StringBuild {
  const operator = node.child(1)?.text;
  const left = field(node, 'left');
  const right = field(node, 'right');
  if (operator === '+') {
    // `i + 1`: arithmetic, not text.
    if (unwrapParens(left)?.type === 'number' || unwrapParens(right)?.type === 'number') {
      if (![left, right].some((side) => ['string', 'template_string'].includes(unwrapParens(side)?.type ?? ''))) return CONSTANT;
    }
    return merge(analyzeString(left, root, depth + 1), analyzeString(right, root, depth + 1));
  }
  if (['-', '*', '/', '%', '**', '|', '&', '<<', '>>'].includes(operator ?? '')) return CONSTANT;
  // `a || 'default'`, `a ?? 'x'`: either side.
  if (operator === '||' || operator === '??') return merge(analyzeString(left, root, depth + 1), analyzeString(right, root, depth + 1));
  return dynamicOf(node);
}

function analyzeIdentifier(node: Node, root: Node, depth: number): StringBuild {
  if (SANITIZER_NAMES.some((n) => n.applies === 'value' && n.pattern.test(node.text))) return CONSTANT;
  if (checkedAgainstLiterals(node)) return CONSTANT;
  const definition = definitionOf(node.text, node, root);
  if (!definition) return loopVariable(node, root, depth) ?? dynamicOf(node);
  // A parameter or destructured binding: a value from outside, unless its type fixes it (`n: number`, `'asc' | 'desc'`).
  if (definition.text === node.text || definition.type === 'object_pattern' || definition.type === 'array_pattern')
    return constantParameter(definition) ? CONSTANT : dynamicOf(node);
  let result = analyzeString(definition, root, depth + 1);
  // `sql += …` between the definition and this use, in the same function.
  const scope = ancestor(node, FUNCTION_NODE_TYPES) ?? root;
  for (const assignment of descendants(scope, 'augmented_assignment_expression')) {
    if (assignment.child(1)?.text !== '+=' || field(assignment, 'left')?.text !== node.text) continue;
    if (assignment.startIndex < definition.startIndex || assignment.startIndex > node.startIndex) continue;
    result = merge(result, analyzeString(field(assignment, 'right'), root, depth + 1));
  }
  return result;
}

/** `for (const name of ['a', 'b'])` (or of a `const` array): the loop variable takes only those values. */
function loopVariable(node: Node, root: Node, depth: number): StringBuild | undefined {
  for (let loop = ancestor(node, ['for_in_statement']); loop; loop = ancestor(loop, ['for_in_statement'])) {
    const left = field(loop, 'left');
    if (left?.type !== 'identifier' || left.text !== node.text || loop.children.every((c) => c?.text !== 'of')) continue;
    const right = unwrapParens(field(loop, 'right'));
    const array = right?.type === 'identifier' ? unwrapParens(definitionOf(right.text, right, root)) : right;
    return array?.type === 'array' ? analyzeArray(array, root, depth + 1) : undefined;
  }
  return undefined;
}

const SAFE_FUNCTIONS = new Set(SANITIZERS.flatMap((s) => s.functions ?? []));
const SAFE_METHODS = new Set(SANITIZERS.flatMap((s) => s.methods ?? []));
const SAFE_SQL_TAG_METHODS = new Set(SANITIZERS.flatMap((s) => s.sqlTagMethods ?? []));
const MODULE_SANITIZERS = SANITIZERS.flatMap((s) => (s.moduleFunctions ? [s.moduleFunctions] : []));

/** Whether a call returns text the models say is safe in SQL: a driver's quoting, a number, a project `sanitize*`. */
function isSanitizerCall(call: Node, root: Node): boolean {
  const fn = unwrapParens(field(call, 'function'));
  if (!fn) return false;
  if (SAFE_FUNCTIONS.has(fn.text)) return true;
  const name = fn.type === 'member_expression' ? (field(fn, 'property')?.text ?? '') : fn.text;
  if (fn.type === 'member_expression') {
    const object = unwrapParens(field(fn, 'object'));
    if (SAFE_METHODS.has(name)) return true;
    if (object?.text === 'sql' && SAFE_SQL_TAG_METHODS.has(name)) return true;
    if (object?.type === 'identifier' && MODULE_SANITIZERS.some((m) => m.names.includes(name) && moduleBindings(root, m.modules).namespaces.has(object.text)))
      return true;
  } else if (SAFE_METHODS.has(name)) return true;
  return SANITIZER_NAMES.some((n) => n.applies === 'function' && n.pattern.test(name));
}

/** `format('%I … %s', a, b)` of pg-format: only the `%s` arguments are pasted unquoted. */
function formatCall(call: Node, root: Node, depth: number): StringBuild | undefined {
  const fn = unwrapParens(field(call, 'function'));
  if (fn?.type !== 'identifier') return undefined;
  const model = FORMAT_FUNCTIONS.find((f) => moduleBindings(root, f.modules).namespaces.has(fn.text));
  if (!model) return undefined;
  const [format, ...args] = callArguments(call);
  const text = format?.type === 'string' ? stringValue(format) : undefined;
  if (text === undefined) return undefined;
  let result: StringBuild = { literalText: text, dynamic: [] };
  const specifiers = text.match(/%[A-Za-z%]/g)?.filter((m) => m !== '%%') ?? [];
  specifiers.forEach((specifier, i) => {
    if (!model.safe.includes(specifier) && args[i]) result = merge(result, analyzeString(args[i], root, depth + 1));
  });
  return result;
}

function analyzeCall(call: Node, root: Node, depth: number): StringBuild {
  const fn = unwrapParens(field(call, 'function'));
  const args = callArguments(call);
  // A tagged template builds a parameterized query object, not a string.
  if (field(call, 'arguments')?.type === 'template_string') return CONSTANT;
  // The drivers' own quoting (`connection.escape(x)`, `client.escapeIdentifier(x)`), numbers, project sanitizers.
  if (isSanitizerCall(call, root)) return CONSTANT;
  const formatted = formatCall(call, root, depth);
  if (formatted) return formatted;
  if (fn?.type !== 'member_expression') return dynamicOf(call);
  const method = field(fn, 'property')?.text;
  const object = unwrapParens(field(fn, 'object'));
  if (method === 'toISOString') return CONSTANT;
  if (method === 'concat' && object) return args.reduce((acc, a) => merge(acc, analyzeString(a, root, depth + 1)), analyzeString(object, root, depth + 1));
  if (method === 'join' && object) return merge(analyzeArray(object, root, depth), args[0] ? analyzeString(args[0], root, depth + 1) : CONSTANT);
  if ((method === 'trim' || method === 'toUpperCase' || method === 'toLowerCase') && object) return analyzeString(object, root, depth + 1);
  if (method === 'toString' && object) return analyzeString(object, root, depth + 1);
  return dynamicOf(call);
}

/** The elements of an array being joined: a literal array, `x.map(() => '?')`, `Array(n).fill('?')`. */
function analyzeArray(array: Node, root: Node, depth: number): StringBuild {
  const node = unwrapParens(array);
  if (!node) return CONSTANT;
  if (node.type === 'array')
    return named(node).reduce((acc, el) => merge(acc, analyzeString(el.type === 'spread_element' ? named(el)[0] : el, root, depth + 1)), CONSTANT);
  if (node.type === 'identifier') {
    const definition = definitionOf(node.text, node, root);
    if (definition?.type === 'array' || definition?.type === 'call_expression') {
      let result = analyzeArray(definition, root, depth + 1);
      // `parts.push(…)` before the join.
      const scope = ancestor(node, FUNCTION_NODE_TYPES) ?? root;
      for (const push of descendants(scope, 'call_expression')) {
        const f = unwrapParens(field(push, 'function'));
        if (f?.type !== 'member_expression' || field(f, 'property')?.text !== 'push' || unwrapParens(field(f, 'object'))?.text !== node.text) continue;
        if (push.startIndex > node.startIndex) continue;
        result = callArguments(push).reduce((acc, a) => merge(acc, analyzeString(a, root, depth + 1)), result);
      }
      return result;
    }
    return dynamicOf(node);
  }
  if (node.type === 'call_expression') {
    const fn = unwrapParens(field(node, 'function'));
    const method = fn?.type === 'member_expression' ? field(fn, 'property')?.text : undefined;
    const args = callArguments(node);
    if (method === 'fill' && args[0]) return analyzeString(args[0], root, depth + 1);
    if (method === 'map' && args[0]) {
      const mapper = unwrapParens(args[0]);
      if (mapper?.type === 'arrow_function' || mapper?.type === 'function_expression') {
        const body = unwrapParens(field(mapper, 'body'));
        if (body && body.type !== 'statement_block') return analyzeString(body, root, depth + 1);
        const returns = body ? descendants(body, 'return_statement').filter((r) => ancestor(r, FUNCTION_NODE_TYPES)?.id === mapper.id) : [];
        if (returns.length > 0) return returns.reduce((acc, r) => merge(acc, analyzeString(named(r)[0], root, depth + 1)), CONSTANT);
      }
    }
    if (method === 'filter' || method === 'slice' || method === 'concat') {
      const object = fn ? field(fn, 'object') : undefined;
      return object ? analyzeArray(object, root, depth + 1) : dynamicOf(node);
    }
  }
  return dynamicOf(node);
}

// Value origins: where a value the file does not spell out comes from.

/**
 * `T.users`, `TABLES[kind]`, `Sort.Asc`: a member of a `const` object literal (`as const` or
 * not) whose values are all constant — a lookup in it is an allow-list — or of an enum.
 */
function constantMember(node: Node, root: Node, depth = 0): StringBuild | undefined {
  const object = unwrapParens(field(node, 'object'));
  if (!object || depth > 4) return undefined;
  if (object.type === 'member_expression' || object.type === 'subscript_expression') {
    return constantMember(object, root, depth + 1) ? CONSTANT : undefined;
  }
  if (object.type !== 'identifier') return undefined;
  if (descendants(root, 'enum_declaration').some((e) => field(e, 'name')?.text === object.text)) return CONSTANT;
  const declarator = descendants(root, 'variable_declarator').find((d) => field(d, 'name')?.text === object.text);
  const declaration = declarator?.parent;
  if (!declarator || declaration?.type !== 'lexical_declaration' || declaration.child(0)?.text !== 'const') return undefined;
  // The binding this use sees must be that `const`.
  if (definitionOf(object.text, object, root)?.id !== field(declarator, 'value')?.id) return undefined;
  let value = unwrapParens(field(declarator, 'value'));
  while (value && (value.type === 'as_expression' || value.type === 'satisfies_expression')) value = unwrapParens(named(value)[0]);
  if (value?.type !== 'object') return undefined;
  const entries = named(value);
  const allConstant = entries.every((pair) => {
    if (pair.type !== 'pair') return false;
    const v = unwrapParens(field(pair, 'value'));
    if (v?.type === 'object') return named(v).every((p) => p.type === 'pair' && analyzeString(field(p, 'value'), root, 8).dynamic.length === 0);
    return analyzeString(v ?? undefined, root, 8).dynamic.length === 0;
  });
  return allConstant ? CONSTANT : undefined;
}

const PRIMITIVE_TYPES = new Set(['number', 'boolean', 'bigint']);

/** A parameter whose type says it cannot carry SQL text: `number`, `boolean`, a union of literals (`'asc' | 'desc'`). */
function constantParameter(binding: Node): boolean {
  const parameter = binding.parent;
  if (parameter?.type !== 'required_parameter' && parameter?.type !== 'optional_parameter') return false;
  const type = named(field(parameter, 'type') ?? parameter)[0];
  return type ? constantType(type) : false;
}

function constantType(type: Node): boolean {
  if (type.type === 'predefined_type') return PRIMITIVE_TYPES.has(type.text);
  if (type.type === 'literal_type') return true;
  if (type.type === 'union_type' || type.type === 'parenthesized_type') return named(type).every(constantType);
  return false;
}

/**
 * A value checked against literals before the use, in the same function: `if (!['asc', 'desc'].includes(order)) throw …`
 * (or `return`), or a use under `order === 'asc' || order === 'desc' ? order : …`.
 */
function checkedAgainstLiterals(node: Node): boolean {
  const name = node.text;
  // `x === 'a' || x === 'b' ? x : 'a'`
  for (let n: Node | null = node, child: Node | null = null; n && !FUNCTION_NODE_TYPES.includes(n.type); child = n, n = n.parent) {
    if (n.type === 'ternary_expression' && child && field(n, 'consequence')?.id === child.id && comparesToLiterals(field(n, 'condition'), name, true))
      return true;
  }
  const scope = ancestor(node, FUNCTION_NODE_TYPES);
  if (!scope) return false;
  for (const statement of descendants(scope, 'if_statement')) {
    if (statement.endIndex > node.startIndex || ancestor(statement, FUNCTION_NODE_TYPES)?.id !== scope.id) continue;
    const condition = unwrapParens(field(statement, 'condition'));
    const consequence = field(statement, 'consequence');
    if (!condition || !consequence || !exits(consequence)) continue;
    // `if (!ALLOWED.includes(x)) throw`, `if (x !== 'a' && x !== 'b') return`
    if (condition.type === 'unary_expression' && condition.child(0)?.text === '!' && comparesToLiterals(named(condition)[0], name, true)) return true;
    if (comparesToLiterals(condition, name, false)) return true;
  }
  return false;
}

/** Whether a block ends the function or loop: `throw`, `return`, `continue`, `break` (directly or as the last statement). */
function exits(block: Node): boolean {
  const last =
    block.type === 'statement_block'
      ? named(block)
          .filter((n) => n.type !== 'comment')
          .pop()
      : block;
  return ['throw_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last?.type ?? '');
}

/**
 * `positive`: the condition holds only when `name` is one of some literals (`x === 'a' || x === 'b'`,
 * `['a', 'b'].includes(x)`, `ALLOWED.includes(x)` of a constant array, `ALLOWED.has(x)`).
 * Negative: it holds whenever `name` is none of them (`x !== 'a' && x !== 'b'`).
 */
function comparesToLiterals(expression: Node | null | undefined, name: string, positive: boolean): boolean {
  const node = unwrapParens(expression ?? undefined);
  if (!node) return false;
  if (node.type === 'binary_expression') {
    const operator = node.child(1)?.text ?? '';
    const left = unwrapParens(field(node, 'left'));
    const right = unwrapParens(field(node, 'right'));
    if (operator === (positive ? '||' : '&&')) return comparesToLiterals(left, name, positive) && comparesToLiterals(right, name, positive);
    if (operator === (positive ? '===' : '!==') || operator === (positive ? '==' : '!=')) {
      return (left?.text === name && isLiteral(right)) || (right?.text === name && isLiteral(left));
    }
    return false;
  }
  if (!positive || node.type !== 'call_expression') return false;
  const fn = unwrapParens(field(node, 'function'));
  const method = fn?.type === 'member_expression' ? field(fn, 'property')?.text : undefined;
  if ((method !== 'includes' && method !== 'has') || callArguments(node)[0]?.text !== name) return false;
  const list = unwrapParens(field(fn!, 'object'));
  if (list?.type === 'array') return named(list).every(isLiteral);
  // A named list: constant by its name's convention or its definition.
  if (list?.type !== 'identifier' && list?.type !== 'member_expression') return false;
  const definition = list.type === 'identifier' ? unwrapParens(definitionOf(list.text, list, list.tree.rootNode)) : undefined;
  if (definition?.type === 'array') return named(definition).every(isLiteral);
  if (definition?.type === 'new_expression')
    return named(field(definition, 'arguments') ?? definition).some((a) => a.type === 'array' && named(a).every(isLiteral));
  return false;
}

function isLiteral(node: Node | null | undefined): boolean {
  const n = unwrapParens(node ?? undefined);
  return n?.type === 'string' || n?.type === 'number' || (n?.type === 'template_string' && !named(n).some((c) => c.type === 'template_substitution'));
}

/** Where a dynamic part of a SQL text comes from, as far as the file shows. */
export type Origin = 'request' | 'parameter' | 'unknown';

const REQUEST_OBJECTS = new Set<string>(REQUEST_SOURCES.objects);
const REQUEST_PROPERTIES = new Set<string>(REQUEST_SOURCES.properties);

/**
 * `req.query.q`, `ctx.request.body.name`, `request.params.id` (express, koa, fastify), a
 * variable set or destructured from one, or a NestJS handler parameter decorated `@Query()`,
 * `@Param()`, `@Body()`: request data. A parameter of the enclosing function: `parameter`.
 */
export function originOf(node: Node, root: Node, depth = 0): Origin {
  const n = unwrapParens(node);
  if (!n || depth > 6) return 'unknown';
  let found: Origin = 'unknown';
  walk(n, (part) => {
    if (found === 'request') return false;
    if (part.type === 'member_expression' && isRequestMember(part)) found = 'request';
    else if (part.type === 'identifier' && part.parent?.type !== 'member_expression') {
      const origin = identifierOrigin(part, root, depth);
      if (origin === 'request' || (origin === 'parameter' && found === 'unknown')) found = origin;
    } else if (part.type === 'identifier' && part.parent?.type === 'member_expression' && field(part.parent, 'object')?.id === part.id) {
      const origin = identifierOrigin(part, root, depth);
      if (origin === 'request' || (origin === 'parameter' && found === 'unknown')) found = origin;
    }
    return true;
  });
  return found;
}

function isRequestMember(member: Node): boolean {
  const object = unwrapParens(field(member, 'object'));
  const property = field(member, 'property')?.text ?? '';
  if (!object || !REQUEST_PROPERTIES.has(property)) return false;
  if (object.type === 'identifier') return REQUEST_OBJECTS.has(object.text);
  // `this.req.query`, `ctx.request.body`
  return object.type === 'member_expression' && (REQUEST_OBJECTS.has(field(object, 'property')?.text ?? '') || isRequestMember(object));
}

function identifierOrigin(identifier: Node, root: Node, depth: number): Origin {
  const definition = definitionOf(identifier.text, identifier, root);
  if (!definition) return 'unknown';
  if (definition.text === identifier.text || definition.type === 'object_pattern' || definition.type === 'array_pattern') {
    // A parameter (NestJS decorators mark request data), or a destructuring: its initializer.
    const fn = ancestor(identifier, FUNCTION_NODE_TYPES);
    for (let scope = fn; scope; scope = ancestor(scope, FUNCTION_NODE_TYPES)) {
      const parameter = parameterNamed(scope, identifier.text);
      if (
        parameter?.id !== definition.id &&
        !(definition.type.endsWith('pattern') && parameter && definition.startIndex <= parameter.startIndex && parameter.endIndex <= definition.endIndex)
      )
        continue;
      const declared = ancestor(parameter, ['required_parameter', 'optional_parameter']);
      const decorators = declared ? named(declared).filter((d) => d.type === 'decorator') : [];
      if (decorators.some((d) => (REQUEST_SOURCES.decorators as readonly string[]).includes(d.text.replace(/^@/, '').replace(/\(.*$/s, '')))) return 'request';
      return 'parameter';
    }
    const declarator = ancestor(definition, ['variable_declarator']);
    const value = declarator ? field(declarator, 'value') : undefined;
    return value ? originOf(value, root, depth + 1) : 'unknown';
  }
  return originOf(definition, root, depth + 1);
}
