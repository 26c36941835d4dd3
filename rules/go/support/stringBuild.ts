import type { Node } from '@vscode/tree-sitter-wasm';
import {
  callArguments,
  definitionOf,
  FUNCTION_NODE_TYPES,
  goImports,
  goStringValue,
  isStringLiteral,
  parameterNamed,
  qualified,
  unwrapParens,
} from './goSyntax';
import { declaredTypeOf, structFieldType } from './declaredTypes';
import { ancestor, descendants, field, named } from '../../../engine/syntax';
import { memoOf } from '../../../engine/memo';
import {
  INTEGER_VERBS,
  NUMBER_TYPES,
  NUMBERED_PLACEHOLDER,
  PLACEHOLDER_HELPER,
  REQUEST_SOURCES,
  SQL_SANITIZERS,
  SQL_TRANSPARENT,
  type SqlSanitizerModel,
} from '../models/sql';

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
  /** Values formatted as integers into the text (`LIMIT %d`): they cannot inject, but are values all the same. */
  integers?: Node[];
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
    const parts = concatenated(node);
    return parts
      .map((part, i) => {
        const wrap = wrappedSanitizer(part, root);
        if (wrap !== undefined) {
          const before = unwrapParens(parts[i - 1]);
          const after = unwrapParens(parts[i + 1]);
          const quoted = isStringLiteral(before) && isStringLiteral(after) && goStringValue(before!)!.endsWith(wrap) && goStringValue(after!)!.startsWith(wrap);
          return quoted ? CONSTANT : { literalText: '', dynamic: [part] };
        }
        return analyzeString(part, root, depth);
      })
      .reduce(merge, CONSTANT);
  }
  if (node.type === 'identifier') return analyzeIdentifier(node, root, depth);
  if (node.type === 'call_expression') return analyzeCall(node, root, depth);
  // An element of a constant slice or map, whatever the index: an allow-list lookup.
  if (node.type === 'index_expression') {
    const list = resolveComposite(field(node, 'operand'), root);
    if (list) {
      const values = valuesOf(list, root, depth);
      if (values.dynamic.length === 0) return CONSTANT;
    }
  }
  if (node.type === 'int_literal' || node.type === 'float_literal' || node.type === 'rune_literal') return CONSTANT;
  // `list[:n]`: a part of a constant string is constant.
  if (node.type === 'slice_expression') {
    const inner = analyzeString(field(node, 'operand'), root, depth + 1);
    if (inner.dynamic.length === 0) return { literalText: '', dynamic: [] };
  }
  return { literalText: '', dynamic: [node] };
}

/** The operands of a `+` chain, left to right. */
function concatenated(node: Node): Node[] {
  const n = unwrapParens(node);
  if (n?.type === 'binary_expression' && n.child(1)?.text === '+') {
    return [...concatenated(field(n, 'left')!), ...concatenated(field(n, 'right')!)];
  }
  return n ? [n] : [];
}

/** A composite literal the expression names (a local or package-level `[]string{…}` / `map[…]string{…}`). */
function resolveComposite(node: Node | undefined, root: Node): Node | undefined {
  let n = unwrapParens(node);
  for (let i = 0; i < 4 && n?.type === 'identifier'; i++) n = unwrapParens(definitionOf(n.text, n, root));
  return n?.type === 'composite_literal' ? n : undefined;
}

/** The element values of a slice or map literal (map keys skipped). */
function valuesOf(literal: Node, root: Node, depth: number): StringBuild {
  return named(field(literal, 'body'))
    .filter((el) => el.type !== 'comment')
    .map((el) => {
      const value = el.type === 'keyed_element' ? named(el)[named(el).length - 1] : el;
      const expression = value?.type === 'literal_element' ? named(value)[0] : value;
      return analyzeString(expression, root, depth + 1);
    })
    .reduce(merge, CONSTANT);
}

/** The quote a sanitizer's result must sit between (`"` + strings.ReplaceAll(x, `"`, `""`) + `"`), for sanitizers that need one. */
function wrappedSanitizer(node: Node, root: Node): string | undefined {
  if (node.type !== 'call_expression') return undefined;
  return sanitizerOf(node, root)?.wrappedIn;
}

/** The model entry of the sanitizer this call is, if any. */
export function sanitizerOf(call: Node, root: Node): SqlSanitizerModel | undefined {
  const fn = field(call, 'function');
  const args = callArguments(call);
  const imports = goImports(root);
  for (const entry of SQL_SANITIZERS) {
    const matchesPath = (p: string | undefined) => p !== undefined && (typeof entry.package === 'string' ? p === entry.package : entry.package.test(p));
    if (entry.compositeType) {
      if (fn?.type !== 'selector_expression' || field(fn, 'field')?.text !== entry.name) continue;
      const literal = resolveComposite(field(fn, 'operand'), root);
      const type = qualified(field(literal, 'type'));
      if (type && type[1] === entry.compositeType && matchesPath(imports.get(type[0]))) return entry;
      continue;
    }
    const q = qualified(fn);
    if (!q || q[1] !== entry.name || !matchesPath(imports.get(q[0]))) continue;
    const literalsMatch = (entry.literalArguments ?? []).every(([index, text]) => {
      const arg = unwrapParens(args[index]);
      const value = arg && isStringLiteral(arg) ? goStringValue(arg) : undefined;
      return value !== undefined && (text === 'placeholders' ? /^[?$,\s]+$/.test(value) : value === text);
    });
    if (literalsMatch) return entry;
  }
  return undefined;
}

/** Whether a value is a number: a numeric literal, `len(…)`, or a name declared with a number type. */
function isNumeric(node: Node | undefined, root: Node, depth = 0): boolean {
  const n = unwrapParens(node);
  if (!n || depth > 4) return false;
  if (n.type === 'int_literal' || n.type === 'float_literal') return true;
  if (n.type === 'binary_expression' && /^[-+*/%]$/.test(n.child(1)?.text ?? ''))
    return isNumeric(field(n, 'left'), root, depth + 1) && isNumeric(field(n, 'right'), root, depth + 1);
  if (n.type === 'call_expression') {
    const callee = field(n, 'function');
    return callee?.type === 'identifier' && (/^(len|cap)$/.test(callee.text) || NUMBER_TYPES.test(callee.text));
  }
  // `user.ID`: a field that a struct of the file declares as a number.
  if (n.type === 'selector_expression') {
    const type = structFieldType(field(n, 'field')?.text ?? '', root);
    return type !== undefined && NUMBER_TYPES.test(type.text);
  }
  if (n.type === 'identifier') {
    const type = declaredTypeOf(n, root);
    if (type) return NUMBER_TYPES.test(type.text);
    const definition = definitionOf(n.text, n, root);
    return definition !== undefined && isNumeric(definition, root, depth + 1);
  }
  return false;
}

function analyzeIdentifier(node: Node, root: Node, depth: number): StringBuild {
  if (guardedByAllowList(node, root)) return CONSTANT;
  let definition = definitionOf(node.text, node, root);
  if (definition && definition.startIndex <= node.startIndex && node.endIndex <= definition.endIndex) {
    // `dir = strings.ToUpper(dir)`: the value before this assignment.
    const statement = ancestor(node, ['assignment_statement', 'short_var_declaration']);
    definition = statement ? definitionOf(node.text, statement, root) : undefined;
  }
  // `var parts string`: starts empty, then grows by `+=`.
  const zero = definition ? undefined : zeroValueDeclaration(node);
  if (!definition && !zero) return { literalText: '', dynamic: [node] };
  let result = definition ? analyzeString(definition, root, depth + 1) : CONSTANT;
  definition ??= zero;
  const spec = definition && ancestor(definition, ['var_spec']);
  if (spec && !ancestor(spec, FUNCTION_NODE_TYPES)) {
    // A package-level `var` is constant only if every assignment in the file is.
    for (const assignment of descendants(root, 'assignment_statement')) {
      if (assignment.child(1)?.text !== '=') continue;
      const index = named(field(assignment, 'left')).findIndex((n) => n.text === node.text);
      if (index < 0) continue;
      const fn = ancestor(assignment, FUNCTION_NODE_TYPES);
      if (fn && (parameterNamed(fn, node.text) || definitionOf(node.text, assignment, root) !== definition)) continue;
      const right = named(field(assignment, 'right'));
      result = merge(
        result,
        right.length === named(field(assignment, 'left')).length ? analyzeString(right[index], root, depth + 1) : { literalText: '', dynamic: [node] },
      );
    }
  }
  // `q += …` between the definition and this use.
  const fn = ancestor(node, ['function_declaration', 'method_declaration', 'func_literal']);
  for (const assignment of fn ? descendants(fn, 'assignment_statement') : []) {
    if (assignment.child(1)?.text !== '+=' || assignment.startIndex < definition!.startIndex || assignment.startIndex > node.startIndex) continue;
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
    const verbs = verbsOf(format.literalText);
    const positions = verbPositions(format.literalText);
    const values = args.slice(1);
    const exact = format.dynamic.length === 0 && verbs.length === values.length && !format.literalText.includes('*');
    const integers: Node[] = [];
    const rest = values.map((a, i): StringBuild => {
      if (exact && (INTEGER_VERBS.includes(verbs[i]) || isNumeric(a, root))) {
        // Digits cannot inject; a numbered placeholder (`$%d`) is not even a value.
        if (!NUMBERED_PLACEHOLDER.test(format.literalText.slice(0, positions[i]))) integers.push(a);
        return CONSTANT;
      }
      return analyzeString(a, root, depth + 1);
    });
    const merged = rest.reduce(merge, format);
    const allIntegers = [...(merged.integers ?? []), ...integers];
    return {
      ...merged,
      sprintf: isStringLiteral(unwrapParens(args[0])) ? { call, format: args[0] } : undefined,
      verbs,
      ...(allIntegers.length > 0 ? { integers: allIntegers } : {}),
    };
  }
  // fmt.Sprint(n) of a number.
  if (q && q[0] === fmtAlias && q[1] === 'Sprint' && args.length > 0 && args.every((a) => isNumeric(a, root))) return CONSTANT;
  const sanitizer = sanitizerOf(call, root);
  // Quoting that is only safe between quotes is judged by the `+` chain around it.
  if (sanitizer && sanitizer.wrappedIn === undefined) return CONSTANT;
  // Case mapping, trimming, replacing: as constant as what goes in (numbers count as constant).
  if (q && SQL_TRANSPARENT.some((t) => t.names.includes(q[1]) && aliasOf(root, t.package) === q[0]) && args.length > 0) {
    const parts = args.map((a) => (isNumeric(a, root) ? CONSTANT : analyzeString(a, root, depth + 1)));
    return parts.every((p) => p.dynamic.length === 0) ? { literalText: parts[0].literalText, dynamic: [] } : { literalText: '', dynamic: [call] };
  }
  // `string(kind)` of a constant is a constant.
  if (fn?.type === 'identifier' && fn.text === 'string' && args.length === 1) {
    const inner = analyzeString(args[0], root, depth + 1);
    return inner.dynamic.length === 0 ? inner : { literalText: '', dynamic: [call] };
  }
  if (q && q[0] === stringsAlias && q[1] === 'Join' && args[0]) {
    const parts = unwrapParens(args[0]);
    if (parts?.type === 'composite_literal') {
      return named(field(parts, 'body'))
        .map((el) => analyzeString(named(el)[0] ?? el, root, depth + 1))
        .reduce(merge, CONSTANT);
    }
    if (parts?.type === 'identifier') return analyzeSlice(parts, root, depth);
    if (parts?.type === 'selector_expression') return analyzeFieldSlice(parts, root, depth);
    return { literalText: '', dynamic: [args[0]] };
  }
  const callee = fn?.type === 'identifier' ? fn.text : fn?.type === 'selector_expression' ? field(fn, 'field')?.text : undefined;
  // Placeholder helpers (`placeholder(3)` → `$3`, `placeholders(n)` → `?, ?, ?`) write bind variables, not values.
  if (callee && PLACEHOLDER_HELPER.test(callee)) return CONSTANT;
  // A function of this file: what its returns are made of.
  if (fn?.type === 'identifier') {
    const returned = analyzeReturns(fn.text, root, depth);
    if (returned) return substituteArguments(returned, call, root, depth);
  }
  // sb.String() / buf.String(): everything written into the builder.
  if (fn?.type === 'selector_expression' && field(fn, 'field')?.text === 'String' && args.length === 0) {
    const builder = unwrapParens(field(fn, 'operand'));
    if (builder?.type === 'identifier') return analyzeBuilder(builder, call, root, depth);
  }
  // A method of this file (`db.now()`, `d.quote(col)`): what its returns are made of.
  if (fn?.type === 'selector_expression' && callee) {
    const returned = analyzeMethodReturns(callee, root, depth);
    if (returned) return substituteArguments(returned, call, root, depth);
  }
  return { literalText: '', dynamic: [call] };
}

/**
 * A callee's returns use its parameters: at this call, those are the call's arguments (one
 * level, so `db.clip(col, 80)` is as constant as `col`).
 */
function substituteArguments(returned: StringBuild, call: Node, root: Node, depth: number): StringBuild {
  if (returned.dynamic.length === 0) return returned;
  const args = callArguments(call);
  let result: StringBuild = { ...returned, dynamic: [] };
  for (const part of returned.dynamic) {
    const decl = ancestor(part, ['function_declaration', 'method_declaration']);
    const passed = decl && part.type === 'identifier' && depth <= 4 && parameterNamed(decl, part.text) ? argumentsFor(decl, part.text, args) : undefined;
    if (!passed || passed.some((a) => a.text.endsWith('...'))) {
      result = merge(result, { literalText: '', dynamic: [part] });
      continue;
    }
    result = passed.map((a) => analyzeString(a, root, depth + 2)).reduce(merge, result);
  }
  return result;
}

/** The arguments of a call that a parameter called `name` of `decl` receives (all the rest for a variadic one). */
function argumentsFor(decl: Node, name: string, args: Node[]): Node[] | undefined {
  let index = 0;
  for (const p of named(field(decl, 'parameters'))) {
    for (const n of p.childrenForFieldName('name')) {
      if (n?.text === name) return p.type === 'variadic_parameter_declaration' ? args.slice(index) : args[index] ? [args[index]] : undefined;
      index++;
    }
  }
  return undefined;
}

const METHOD_RETURNS = Symbol('go method returns by name');

/** The returns of every method of the file called `name`, merged (memoised per file); undefined when there is none. */
function analyzeMethodReturns(name: string, root: Node, depth: number): StringBuild | undefined {
  if (depth > 6) return undefined;
  const cache = memoOf(root.tree)(METHOD_RETURNS, () => new Map<string, StringBuild | undefined | 'pending'>());
  const cached = cache.get(name);
  if (cached === 'pending') return undefined;
  if (cache.has(name)) return cached as StringBuild | undefined;
  cache.set(name, 'pending');
  const decls = named(root).filter((n) => n.type === 'method_declaration' && field(n, 'name')?.text === name);
  // Methods of other types share names (`Get`, `Query`): only string-valued helpers are followed.
  if (decls.some((d) => field(d, 'result')?.text !== 'string')) {
    cache.set(name, undefined);
    return undefined;
  }
  const results = decls.map((d) => returnsOf(d, root, depth)).filter((r): r is StringBuild => r !== undefined);
  const result = results.length === 0 || results.length !== decls.length ? undefined : results.reduce(merge, CONSTANT);
  cache.set(name, result);
  return result;
}

function returnsOf(decl: Node, root: Node, depth: number): StringBuild | undefined {
  const returns = descendants(decl, 'return_statement').filter((r) => ancestor(r, FUNCTION_NODE_TYPES)?.id === decl.id);
  const values = returns.map((r) => named(named(r)[0])[0] ?? named(r)[0]).filter((v): v is Node => v !== undefined);
  if (values.length === 0 || values.length !== returns.length) return undefined;
  return values.map((v) => analyzeString(v, root, depth + 1)).reduce(merge, CONSTANT);
}

/**
 * Whether a value comes from the HTTP request: a request-data call or field of a handler's
 * request/context parameter (`r.URL.Query().Get(…)`, `c.Param(…)`), `chi.URLParam`,
 * `mux.Vars(r)[…]`, followed through local variables and wrapping calls.
 */
export function isRequestData(node: Node | undefined, root: Node, depth = 0): boolean {
  const n = unwrapParens(node);
  if (!n || depth > 6) return false;
  if (n.type === 'identifier') {
    const definition = definitionOf(n.text, n, root);
    return definition !== undefined && isRequestData(definition, root, depth + 1);
  }
  const imports = [...goImports(root)];
  const importedAs = (patterns: readonly RegExp[]) => imports.filter(([, p]) => patterns.some((re) => re.test(p))).map(([alias]) => alias);
  // Walk the chain down to its root: r.URL.Query().Get("x") → Get, Query, URL, r.
  const names: string[] = [];
  let cursor: Node | undefined = n;
  for (let i = 0; cursor && i < 12; i++) {
    if (cursor.type === 'call_expression') {
      const q = qualified(field(cursor, 'function'));
      for (const source of REQUEST_SOURCES) {
        if (source.packageFunction && q && source.names.includes(q[1]) && importedAs(source.imports).includes(q[0])) return true;
      }
      if (depth < 3 && callArguments(cursor).some((a) => isRequestData(a, root, depth + 1))) return true;
      cursor = unwrapParens(field(cursor, 'function'));
    } else if (cursor.type === 'selector_expression') {
      names.push(field(cursor, 'field')?.text ?? '');
      cursor = unwrapParens(field(cursor, 'operand'));
    } else if (cursor.type === 'index_expression') {
      cursor = unwrapParens(field(cursor, 'operand'));
    } else break;
  }
  if (cursor?.type !== 'identifier') return false;
  const type = declaredTypeOf(cursor, root)?.text;
  if (type) {
    return REQUEST_SOURCES.some((s) => s.receiverType?.test(type) && importedAs(s.imports).length > 0 && names.some((name) => s.names.includes(name)));
  }
  // A local that holds request data (`vars := mux.Vars(r)`; `q := r.URL.Query()`).
  return cursor.id !== n.id && isRequestData(cursor, root, depth + 1);
}

/**
 * `if dir != "ASC" && dir != "DESC" { return … }` (or `if !allowed[dir] { return … }` over a
 * constant map) at the top level of the function, before the use: past it the value is one of
 * the literals.
 */
function guardedByAllowList(node: Node, root: Node): boolean {
  const fn = ancestor(node, FUNCTION_NODE_TYPES);
  const body = field(fn, 'body');
  if (!body) return false;
  return statementsOf(body).some((statement) => {
    if (statement.type !== 'if_statement' || statement.endIndex > node.startIndex) return false;
    if (!rejectsOthers(unwrapParens(field(statement, 'condition')), node.text, root)) return false;
    const last = statementsOf(field(statement, 'consequence')).pop();
    return last?.type === 'return_statement' || (last?.type === 'expression_statement' && /^panic\(/.test(last.text));
  });
}

/** The statements of a block (grammar versions differ on a `statement_list` in between). */
function statementsOf(block: Node | undefined): Node[] {
  const children = named(block).filter((n) => n.type !== 'comment');
  return children.length === 1 && children[0].type === 'statement_list' ? named(children[0]).filter((n) => n.type !== 'comment') : children;
}

/** A condition true for every value of `name` but the allowed literals. */
function rejectsOthers(condition: Node | undefined, name: string, root: Node): boolean {
  if (!condition) return false;
  const operator = condition.type === 'binary_expression' ? condition.child(1)?.text : undefined;
  if (operator === '&&')
    return rejectsOthers(unwrapParens(field(condition, 'left')), name, root) && rejectsOthers(unwrapParens(field(condition, 'right')), name, root);
  if (operator === '!=') {
    const sides = [unwrapParens(field(condition, 'left')), unwrapParens(field(condition, 'right'))];
    return sides.some((s) => s?.type === 'identifier' && s.text === name) && sides.some((s) => isStringLiteral(s));
  }
  if (condition.type === 'unary_expression' && condition.child(0)?.text === '!') {
    const lookup = unwrapParens(named(condition)[0]);
    if (lookup?.type !== 'index_expression' || unwrapParens(field(lookup, 'index'))?.text !== name) return false;
    const allowed = resolveComposite(field(lookup, 'operand'), root);
    return (
      allowed !== undefined &&
      named(field(allowed, 'body')).every((el) => el.type === 'comment' || (el.type === 'keyed_element' && /^true$/.test(named(el)[1]?.text ?? '')))
    );
  }
  return false;
}

/** Offsets of the verbs in a format string (where each `%` starts), without `%%`. */
function verbPositions(format: string): number[] {
  const positions: number[] = [];
  for (const m of format.matchAll(/%%|%[-+# ]*\d*(?:\.\d+)?[a-zA-Z]/g)) if (m[0] !== '%%') positions.push(m.index ?? 0);
  return positions;
}

/** The first value of every return of a same-file function called `name`, merged; undefined when there is none. */
function analyzeReturns(name: string, root: Node, depth: number): StringBuild | undefined {
  if (depth > 6) return undefined;
  const decl = named(root).find((n) => n.type === 'function_declaration' && field(n, 'name')?.text === name);
  if (!decl) return undefined;
  return returnsOf(decl, root, depth);
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

/** A `var name string` (no value) in the function before `use`. */
function zeroValueDeclaration(use: Node): Node | undefined {
  const fn = ancestor(use, FUNCTION_NODE_TYPES);
  if (!fn || parameterNamed(fn, use.text)) return undefined;
  return descendants(fn, 'var_spec').find(
    (spec) =>
      spec.startIndex < use.startIndex &&
      field(spec, 'type')?.text === 'string' &&
      !field(spec, 'value') &&
      spec.childrenForFieldName('name').some((n) => n?.text === use.text),
  );
}

/**
 * A builder's `[]string` field joined into the query (`strings.Join(f.conditions, " AND ")`):
 * every value the file gives a field of that name — in composite literals and in
 * `x.conditions = append(x.conditions, …)` — merged. Any other assignment is dynamic.
 */
function analyzeFieldSlice(selector: Node, root: Node, depth: number): StringBuild {
  const name = field(selector, 'field')?.text;
  const dynamic: StringBuild = { literalText: '', dynamic: [selector] };
  if (!name || depth > 6) return dynamic;
  let result: StringBuild | undefined;
  for (const assignment of descendants(root, 'assignment_statement')) {
    const left = named(field(assignment, 'left'));
    const index = left.findIndex((n) => n.type === 'selector_expression' && field(n, 'field')?.text === name);
    if (index < 0) continue;
    const right = named(field(assignment, 'right'));
    const value = unwrapParens(right.length === left.length ? right[index] : undefined);
    const added = value?.type === 'call_expression' && field(value, 'function')?.text === 'append' ? callArguments(value) : undefined;
    if (
      assignment.child(1)?.text !== '=' ||
      !added ||
      unwrapParens(added[0])?.type !== 'selector_expression' ||
      field(unwrapParens(added[0])!, 'field')?.text !== name
    ) {
      if (value?.type === 'composite_literal') {
        result = merge(result ?? CONSTANT, elementsOf(value, root, depth));
        continue;
      }
      return dynamic;
    }
    if (added.slice(1).some((a) => a.type === 'variadic_argument' || a.text.endsWith('...'))) return dynamic;
    result = added
      .slice(1)
      .map((a) => analyzeString(a, root, depth + 1))
      .reduce(merge, result ?? CONSTANT);
  }
  for (const keyed of descendants(root, 'keyed_element')) {
    const [key, value] = named(keyed).map((n) => (n.type === 'literal_element' ? named(n)[0] : n));
    if (key?.text !== name || !value) continue;
    if (value.type !== 'composite_literal') return dynamic;
    result = merge(result ?? CONSTANT, elementsOf(value, root, depth));
  }
  return result ?? dynamic;
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
  const integers = [...(a.integers ?? []), ...(b.integers ?? [])];
  return { literalText: a.literalText + b.literalText, dynamic: [...a.dynamic, ...b.dynamic], ...(integers.length > 0 ? { integers } : {}) };
}

function aliasOf(root: Node, importPath: string): string | undefined {
  for (const [alias, p] of goImports(root)) if (p === importPath) return alias;
  return undefined;
}

/** The verbs of a format string, without `%%`. */
export function verbsOf(format: string): string[] {
  return [...format.replace(/%%/g, '').matchAll(/%[-+# ]*\d*(?:\.\d+)?([a-zA-Z])/g)].map((m) => m[1]);
}
