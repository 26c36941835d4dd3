import type { Node } from '@vscode/tree-sitter-wasm';
import { callArguments, definitionOf, goImports, goStringValue, isStringLiteral, qualified, unwrapParens } from './goSyntax';
import { ancestor, descendants, field, named } from '../../../engine/syntax';

/** How a string value was put together, as far as this file shows. */
export interface StringBuild {
  /** The literal text the value contains (constant parts joined), for judging whether it is SQL. */
  literalText: string;
  /** Expressions whose value is not a constant: where outside data gets in. */
  dynamic: Node[];
  /** The `fmt.Sprintf` call that built it, when that is the whole story. */
  sprintf?: { call: Node; format: Node };
  /** Verbs of that Sprintf (`%s`, `%d`, …). */
  verbs?: string[];
}

const CONSTANT: StringBuild = { literalText: '', dynamic: [] };

/**
 * Follows a string expression through literals, `+`, `+=`, `fmt.Sprintf`, `strings.Builder`
 * / `bytes.Buffer` writes, `strings.Join`, and local or package-level variables, and says
 * which parts are constant and which are not. Unknown values (parameters, calls) are dynamic.
 */
export function analyzeString(expression: Node | undefined, root: Node, depth = 0): StringBuild {
  const node = unwrapParens(expression);
  if (!node || depth > 8) return CONSTANT;
  if (isStringLiteral(node)) return { literalText: goStringValue(node) ?? '', dynamic: [] };
  if (node.type === 'binary_expression' && node.child(1)?.text === '+') {
    // A `+` chain is one expression: its length does not use up the budget for following names.
    return merge(analyzeString(field(node, 'left'), root, depth), analyzeString(field(node, 'right'), root, depth));
  }
  if (node.type === 'identifier') return analyzeIdentifier(node, root, depth);
  if (node.type === 'call_expression') return analyzeCall(node, root, depth);
  return { literalText: '', dynamic: [node] };
}

function analyzeIdentifier(node: Node, root: Node, depth: number): StringBuild {
  const definition = definitionOf(node.text, node, root);
  if (!definition) return { literalText: '', dynamic: [node] };
  let result = analyzeString(definition, root, depth + 1);
  // `q += …` between the definition and this use.
  const fn = ancestor(node, ['function_declaration', 'method_declaration', 'func_literal']);
  for (const assignment of fn ? descendants(fn, 'assignment_statement') : []) {
    if (assignment.child(1)?.text !== '+=' || assignment.startIndex < definition.startIndex || assignment.startIndex > node.startIndex) continue;
    if (named(field(assignment, 'left'))[0]?.text !== node.text) continue;
    result = merge(result, analyzeString(named(field(assignment, 'right'))[0], root, depth + 1));
  }
  return result;
}

function analyzeCall(call: Node, root: Node, depth: number): StringBuild {
  const fn = field(call, 'function');
  const q = qualified(fn);
  const args = callArguments(call);
  const fmtAlias = aliasOf(root, 'fmt');
  const stringsAlias = aliasOf(root, 'strings');
  if (q && q[0] === fmtAlias && q[1] === 'Sprintf' && args[0]) {
    const format = analyzeString(args[0], root, depth + 1);
    const rest = args.slice(1).map((a) => analyzeString(a, root, depth + 1));
    const merged = rest.reduce(merge, format);
    return { ...merged, sprintf: isStringLiteral(unwrapParens(args[0])) ? { call, format: args[0] } : undefined, verbs: verbsOf(format.literalText) };
  }
  if (q && q[0] === stringsAlias && q[1] === 'Join' && args[0]) {
    const parts = unwrapParens(args[0]);
    if (parts?.type === 'composite_literal') {
      return named(field(parts, 'body'))
        .map((el) => analyzeString(named(el)[0] ?? el, root, depth + 1))
        .reduce(merge, CONSTANT);
    }
    if (parts?.type === 'identifier') return analyzeSlice(parts, root, depth);
    return { literalText: '', dynamic: [args[0]] };
  }
  // Numbers formatted as text cannot inject.
  if (q && q[0] === aliasOf(root, 'strconv') && /^(Itoa|Format(Int|Uint|Float|Bool))$/.test(q[1])) return CONSTANT;
  const callee = fn?.type === 'identifier' ? fn.text : fn?.type === 'selector_expression' ? field(fn, 'field')?.text : undefined;
  // Placeholder helpers (`placeholder(3)` → `$3`, `placeholders(n)` → `?, ?, ?`) write bind variables, not values.
  if (callee && /placeholder|bindvar/i.test(callee)) return CONSTANT;
  // A function of this file: what its returns are made of.
  if (fn?.type === 'identifier') {
    const returned = analyzeReturns(fn.text, root, depth);
    if (returned) return returned;
  }
  // sb.String() / buf.String(): everything written into the builder.
  if (fn?.type === 'selector_expression' && field(fn, 'field')?.text === 'String' && args.length === 0) {
    const builder = unwrapParens(field(fn, 'operand'));
    if (builder?.type === 'identifier') return analyzeBuilder(builder, call, root, depth);
  }
  return { literalText: '', dynamic: [call] };
}

/** The first value of every return of a same-file function called `name`, merged; undefined when there is none. */
function analyzeReturns(name: string, root: Node, depth: number): StringBuild | undefined {
  if (depth > 6) return undefined;
  const decl = named(root).find((n) => n.type === 'function_declaration' && field(n, 'name')?.text === name);
  if (!decl) return undefined;
  const returns = descendants(decl, 'return_statement').filter((r) => ancestor(r, ['function_declaration', 'func_literal'])?.id === decl.id);
  const values = returns.map((r) => named(named(r)[0])[0] ?? named(r)[0]).filter((v): v is Node => v !== undefined);
  if (values.length === 0) return undefined;
  return values.map((v) => analyzeString(v, root, depth + 1)).reduce(merge, CONSTANT);
}

/**
 * A `[]string` variable joined into the query: its literal elements and everything appended
 * to it before the use (`where = append(where, "id = ?")`). Any other assignment, or a slice
 * whose origin is not in the function (a parameter), is dynamic.
 */
function analyzeSlice(slice: Node, root: Node, depth: number): StringBuild {
  const scope = ancestor(slice, ['function_declaration', 'method_declaration', 'func_literal']);
  const dynamic: StringBuild = { literalText: '', dynamic: [slice] };
  if (!scope) {
    const definition = definitionOf(slice.text, slice, root);
    return definition?.type === 'composite_literal' ? elementsOf(definition, root, depth) : dynamic;
  }
  let result: StringBuild | undefined;
  for (const statement of descendants(scope, ['short_var_declaration', 'assignment_statement', 'var_spec'])) {
    if (statement.startIndex > slice.startIndex) continue;
    if (statement.type === 'assignment_statement' && statement.child(1)?.text !== '=') continue;
    const left = statement.type === 'var_spec' ? statement.childrenForFieldName('name').filter((n): n is Node => n !== null) : named(field(statement, 'left'));
    const right = named(statement.type === 'var_spec' ? field(statement, 'value') : field(statement, 'right'));
    const index = left.findIndex((n) => n.text === slice.text);
    if (index < 0) continue;
    if (statement.type === 'var_spec' && right.length === 0) continue;
    if (right.length !== left.length) return dynamic;
    const value = unwrapParens(right[index]);
    const callee = value?.type === 'call_expression' ? field(value, 'function')?.text : undefined;
    let part: StringBuild;
    if (value?.type === 'composite_literal') part = elementsOf(value, root, depth);
    else if (callee === 'make') part = CONSTANT;
    else if (callee === 'append' && value && callArguments(value)[0]?.text === slice.text) {
      const added = callArguments(value).slice(1);
      if (added.some((a) => a.type === 'variadic_argument' || a.text.endsWith('...'))) return dynamic;
      part = added.map((a) => analyzeString(a, root, depth + 1)).reduce(merge, CONSTANT);
    } else return dynamic;
    result = merge(result ?? CONSTANT, part);
  }
  if (result) return result;
  const definition = definitionOf(slice.text, slice, root);
  return definition?.type === 'composite_literal' ? elementsOf(definition, root, depth) : dynamic;
}

function elementsOf(literal: Node, root: Node, depth: number): StringBuild {
  return named(field(literal, 'body'))
    .filter((el) => el.type !== 'comment')
    .map((el) => analyzeString(named(el)[0] ?? el, root, depth + 1))
    .reduce(merge, CONSTANT);
}

function analyzeBuilder(builder: Node, use: Node, root: Node, depth: number): StringBuild {
  const scope = ancestor(use, ['function_declaration', 'method_declaration', 'func_literal']) ?? root;
  let result: StringBuild = CONSTANT;
  for (const call of descendants(scope, 'call_expression')) {
    if (call.startIndex > use.startIndex) continue;
    const fn = field(call, 'function');
    const method = fn?.type === 'selector_expression' ? field(fn, 'field')?.text : undefined;
    const target = fn?.type === 'selector_expression' ? unwrapParens(field(fn, 'operand'))?.text : undefined;
    const args = callArguments(call);
    if (target === builder.text && (method === 'WriteString' || method === 'Write' || method === 'WriteByte')) {
      result = merge(result, analyzeString(args[0], root, depth + 1));
    } else if (qualified(fn)?.[1] === 'Fprintf' && args[0]?.text.replace(/^&/, '') === builder.text) {
      result = args
        .slice(1)
        .map((a) => analyzeString(a, root, depth + 1))
        .reduce(merge, result);
    }
  }
  return result;
}

function merge(a: StringBuild, b: StringBuild): StringBuild {
  return { literalText: a.literalText + b.literalText, dynamic: [...a.dynamic, ...b.dynamic] };
}

function aliasOf(root: Node, importPath: string): string | undefined {
  for (const [alias, p] of goImports(root)) if (p === importPath) return alias;
  return undefined;
}

/** The verbs of a format string, without `%%`. */
export function verbsOf(format: string): string[] {
  return [...format.replace(/%%/g, '').matchAll(/%[-+# ]*\d*(?:\.\d+)?([a-zA-Z])/g)].map((m) => m[1]);
}
