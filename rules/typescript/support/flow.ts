import type { Node } from '@vscode/tree-sitter-wasm';
import { ancestor, descendants, field } from '../../core/syntax';
import { unwrap } from './modules';

const FUNCTIONS = ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration'];

/**
 * Local data flow: the initializer of the nearest declaration of `name` visible at `use`
 * (same function first, then enclosing functions, then the module), and the last plain
 * assignment to it before `use`.
 */
export function definitionOf(name: string, use: Node, root: Node): Node | undefined {
  const scopes: Node[] = [];
  for (let fn = ancestor(use, FUNCTIONS); fn; fn = ancestor(fn, FUNCTIONS)) scopes.push(fn);
  scopes.push(root);
  for (const scope of scopes) {
    let best: Node | undefined;
    for (const declarator of descendants(scope, 'variable_declarator')) {
      if (field(declarator, 'name')?.text !== name || declarator.startIndex > use.startIndex) continue;
      if (scope.type !== 'program' && ancestor(declarator, FUNCTIONS)?.id !== scope.id) continue;
      if (scope.type === 'program' && ancestor(declarator, FUNCTIONS)) continue;
      best = field(declarator, 'value') ?? best;
    }
    for (const assignment of descendants(scope, 'assignment_expression')) {
      if (field(assignment, 'left')?.text !== name || assignment.startIndex > use.startIndex) continue;
      if (!best || assignment.startIndex > best.startIndex) best = field(assignment, 'right') ?? best;
    }
    if (best) return best;
  }
  return undefined;
}

/** Whether an identifier names a module-level `const` (a value fixed at load time). */
export function isModuleConstant(identifier: Node, root: Node): boolean {
  return descendants(root, 'lexical_declaration').some(
    (decl) => !ancestor(decl, FUNCTIONS) && decl.child(0)?.text === 'const' && descendants(decl, 'variable_declarator').some((d) => field(d, 'name')?.text === identifier.text),
  );
}

/** Follows identifiers to their initializers (bounded). */
export function resolve(node: Node | undefined, root: Node, depth = 0): Node | undefined {
  const n = unwrap(node);
  if (!n || depth > 6 || n.type !== 'identifier') return n;
  const definition = definitionOf(n.text, n, root);
  return definition ? resolve(definition, root, depth + 1) : n;
}
