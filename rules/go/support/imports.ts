import type { Node } from '@vscode/tree-sitter-wasm';
import type { TextEdit } from '../../../engine/types';
import { goImports, goStringValue } from './goSyntax';
import { descendants, field, named, rangeOf } from '../../../engine/syntax';

/**
 * Edits adding standard-library imports the file lacks where gofmt/goimports would put them:
 * sorted into the standard-library group of the import block (a new group when there is none);
 * a lone `import "x"` becomes a block. Paths landing at the same spot share one edit, so the
 * identical edits of several findings apply once.
 */
export function addImports(root: Node, paths: string[]): TextEdit[] {
  const present = new Set(goImports(root).values());
  const missing = [...new Set(paths.filter((p) => !present.has(p)))].sort();
  if (missing.length === 0) return [];
  const declarations = named(root).filter((n) => n.type === 'import_declaration');
  const list = declarations.map((d) => named(d).find((n) => n.type === 'import_spec_list')).find((l) => l !== undefined);
  if (list) return intoBlock(list, missing);
  const lone = declarations.length === 1 ? named(declarations[0]).find((n) => n.type === 'import_spec') : undefined;
  if (lone) {
    const added = missing.map(quote);
    const lines = isStandard(lone) ? [...added, lone.text].sort((a, b) => specPath(a).localeCompare(specPath(b))) : [...added, '', lone.text];
    return [{ range: rangeOf(declarations[0]), newText: `import (\n${lines.map((l) => (l ? `\t${l}` : '')).join('\n')}\n)` }];
  }
  const last = declarations[declarations.length - 1];
  const anchor = last ?? named(root).find((n) => n.type === 'package_clause');
  if (!anchor) return [];
  const block = missing.length === 1 ? `import ${quote(missing[0])}` : `import (\n${missing.map((p) => `\t${quote(p)}`).join('\n')}\n)`;
  return [{ range: { start: anchor.endIndex, end: anchor.endIndex }, newText: last ? `\n${block}` : `\n\n${block}` }];
}

/** Inserts into a parenthesised import block, each path before the first larger standard-library import. */
function intoBlock(list: Node, missing: string[]): TextEdit[] {
  const specs = named(list).filter((n) => n.type === 'import_spec');
  if (specs.length === 0) {
    const at = list.startIndex + 1;
    return [{ range: { start: at, end: at }, newText: `\n${missing.map((p) => `\t${quote(p)}\n`).join('')}` }];
  }
  // Specs sharing a line (`import ("a"; "b")`) leave no line to insert before: prepend there.
  const oneLine = specs[0].startPosition.row === list.startPosition.row || specs.some((s, i) => i > 0 && s.startPosition.row === specs[i - 1].endPosition.row);
  if (oneLine) return [{ range: { start: specs[0].startIndex, end: specs[0].startIndex }, newText: missing.map((p) => `${quote(p)}; `).join('') }];
  const group = standardGroup(specs);
  if (!group) return [{ range: { start: lineStart(specs[0]), end: lineStart(specs[0]) }, newText: `${missing.map((p) => `\t${quote(p)}\n`).join('')}\n` }];
  const inserts = new Map<number, string>();
  for (const p of missing) {
    const next = group.find((s) => specPath(s.text) > p);
    const at = next ? lineStart(next) : nextLineStart(group[group.length - 1]);
    inserts.set(at, `${inserts.get(at) ?? ''}\t${quote(p)}\n`);
  }
  return [...inserts].map(([at, newText]) => ({ range: { start: at, end: at }, newText }));
}

/** The first run of consecutive lines of standard-library imports (gofmt sorts within such runs). */
function standardGroup(specs: Node[]): Node[] | undefined {
  const groups: Node[][] = [];
  for (const spec of specs) {
    const current = groups[groups.length - 1];
    const previous = current?.[current.length - 1];
    if (previous && spec.startPosition.row === previous.endPosition.row + 1) current.push(spec);
    else groups.push([spec]);
  }
  return groups.find((g) => g.every(isStandard));
}

/** Standard-library paths have no dot in their first element (`net/http`, not `github.com/…`). */
function isStandard(spec: Node): boolean {
  const path = field(spec, 'path');
  return !(path ? (goStringValue(path) ?? '') : '').split('/')[0].includes('.');
}

/** The import path in a spec's text (`jwt "github.com/…"` → `github.com/…`), for sorting. */
function specPath(specText: string): string {
  const open = specText.indexOf('"');
  return open < 0 ? specText : specText.slice(open + 1, specText.lastIndexOf('"'));
}

function quote(path: string): string {
  return `"${path}"`;
}

/** Where a spec's line starts: specs open their line in a block, and indentation is ASCII, so byte columns are offsets. */
function lineStart(spec: Node): number {
  return spec.startIndex - spec.startPosition.column;
}

/** Just past the newline ending a spec's line (a trailing comment on that line belongs to the spec). */
function nextLineStart(spec: Node): number {
  let last: Node = spec;
  for (let n = spec.nextSibling; n && n.type === 'comment' && n.startPosition.row === spec.endPosition.row; n = n.nextSibling) last = n;
  return last.endIndex + 1;
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
