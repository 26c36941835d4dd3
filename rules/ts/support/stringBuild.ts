import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field, named } from '../../../engine/syntax';
import { definitionOf } from './flow';
import { callArguments, FUNCTION_NODE_TYPES, stringValue, unwrapParens } from './modules';

/** How a string value was put together, as far as the file shows. */
export interface StringBuild {
  /** The constant text it contains (literal parts joined), for judging whether it is SQL. */
  literalText: string;
  /** Expressions whose value the file does not fix: where outside data gets in. */
  dynamic: Node[];
}

const CONSTANT: StringBuild = { literalText: '', dynamic: [] };
const dynamicOf = (node: Node): StringBuild => ({ literalText: '', dynamic: [node] });

function merge(a: StringBuild, b: StringBuild): StringBuild {
  return { literalText: a.literalText + b.literalText, dynamic: [...a.dynamic, ...b.dynamic] };
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
        (acc, part) => merge(acc, typeof part === 'string' ? { literalText: part, dynamic: [] } : analyzeString(part, root, depth + 1)),
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
      return field(node, 'property')?.text === 'length' ? CONSTANT : dynamicOf(node);
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
  const definition = definitionOf(node.text, node, root);
  if (!definition) return loopVariable(node, root, depth) ?? dynamicOf(node);
  // A parameter or destructured binding: a value from outside.
  if (definition.text === node.text || definition.type === 'object_pattern' || definition.type === 'array_pattern') return dynamicOf(node);
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

const NUMERIC_CALLS = new Set(['Number', 'parseInt', 'parseFloat', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.min', 'Math.max', 'Math.abs']);

const ESCAPES = new Set(['escape', 'escapeLiteral', 'escapeId', 'escapeIdentifier', 'quoteIdentifier']);

function analyzeCall(call: Node, root: Node, depth: number): StringBuild {
  const fn = unwrapParens(field(call, 'function'));
  const args = callArguments(call);
  // A tagged template builds a parameterized query object, not a string.
  if (field(call, 'arguments')?.type === 'template_string') return CONSTANT;
  if (fn && NUMERIC_CALLS.has(fn.text)) return CONSTANT;
  // The drivers' own quoting (`connection.escape(x)`, `client.escapeLiteral(x)`, `SqlString.escape(x)`).
  const called = fn?.type === 'member_expression' ? field(fn, 'property')?.text : fn?.text;
  if (called && ESCAPES.has(called)) return CONSTANT;
  if (fn?.type !== 'member_expression') return dynamicOf(call);
  const method = field(fn, 'property')?.text;
  const object = unwrapParens(field(fn, 'object'));
  if (method === 'toFixed' || method === 'getTime' || method === 'toISOString' || method === 'valueOf') return CONSTANT;
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
