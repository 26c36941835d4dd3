import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../core/types';
import { goImports } from './goSyntax';
import { descendants, field, named } from './syntax';

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
