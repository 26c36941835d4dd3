import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { goImports } from './goSyntax';
import { descendants, field, named } from '../../core/syntax';

/** Edits adding standard-library imports the file lacks, inside its import block (gofmt may reorder). */
export function addImports(root: Node, paths: string[]): TextEdit[] {
  const present = new Set(goImports(root).values());
  const missing = paths.filter((p) => !present.has(p));
  if (missing.length === 0) return [];
  const list = descendants(root, 'import_spec_list')[0];
  if (list) {
    const first = named(list)[0];
    const at = first ? first.startIndex - (first.startPosition.column) : list.startIndex + 1;
    const newline = first ? '' : '\n';
    return [{ range: { start: at, end: at }, newText: `${newline}${missing.map((p) => `\t"${p}"\n`).join('')}` }];
  }
  const single = descendants(root, 'import_declaration')[0];
  const anchor = single ?? field(root, 'package') ?? descendants(root, 'package_clause')[0];
  if (!anchor) return [];
  const at = anchor.endIndex;
  return [{ range: { start: at, end: at }, newText: `\n${single ? '' : '\n'}${missing.map((p) => `import "${p}"`).join('\n')}` }];
}

/** Every import path of the file, blank (`_`) and dot imports included: drivers are imported blank. */
export function importPaths(root: Node): string[] {
  return descendants(root, 'import_spec')
    .map((spec) => field(spec, 'path'))
    .filter((p): p is Node => p !== undefined)
    .map((p) => p.text.slice(1, -1));
}

/**
 * Edit removing `import "<path>"` when `usesLeft` is 0 (the fix removed its last use), so
 * the fixed file still compiles (Go rejects unused imports).
 */
export function removeImportIfUnused(root: Node, text: string, importPath: string, usesLeft: number): TextEdit[] {
  if (usesLeft > 0) return [];
  const spec = descendants(root, 'import_spec').find((s) => field(s, 'path')?.text === `"${importPath}"`);
  if (!spec) return [];
  const inList = spec.parent?.type === 'import_spec_list';
  const target = inList ? spec : (spec.parent ?? spec);
  const start = text.lastIndexOf('\n', target.startIndex - 1) + 1;
  const newline = text.indexOf('\n', target.endIndex);
  return [{ range: { start, end: newline < 0 ? text.length : newline + 1 }, newText: '' }];
}
