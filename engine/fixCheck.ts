import type { Tree } from '@vscode/tree-sitter-wasm';
import { applyEdits } from './fixes';
import { parseYaml } from './parsers/yaml';
import type { TreeSitterParsers } from './parsers/treeSitter';
import { walk } from './syntax';
import type { Finding, ParsedFile, TextEdit } from './types';

/** Characters re-parsed per analysis to check fixes, at most (tens of milliseconds). */
const VERIFY_BUDGET_CHARS = 100_000;

/** How broken a parsed file is: YAML errors, or tree-sitter ERROR and MISSING nodes. */
export function syntaxErrorCount(file: ParsedFile): number {
  if (file.kind === 'yaml') return file.docs.reduce((n, d) => n + d.errors.length, 0);
  if (file.kind === 'tree') return treeErrorCount(file.tree);
  return 0;
}

function treeErrorCount(tree: Tree): number {
  if (!tree.rootNode.hasError) return 0;
  let errors = 0;
  walk(tree.rootNode, (n) => {
    if (n.type === 'ERROR' || n.isMissing) errors++;
    return n.hasError;
  });
  return errors;
}

/**
 * A fix is written for well-formed text; in a file with syntax errors it can land inside the
 * broken region, an unclosed Helm `{{` swallows what it appends, and tree-sitter's error recovery
 * can read an odd neighbour differently once an edit moves things. So each fix is applied and
 * the result re-parsed, while the re-parse budget lasts; one that adds syntax errors is withheld
 * (the finding stays). Past the budget, the fixes of a broken file (or ones touching a template)
 * are withheld, and those of a well-formed file are kept: fixture and fuzz tests check them.
 */
export function withholdHarmfulFixes(file: ParsedFile, findings: Finding[], trees: TreeSitterParsers): void {
  if (file.kind === 'dockerfile') return;
  const before = syntaxErrorCount(file);
  let budget = VERIFY_BUDGET_CHARS;
  for (const finding of findings) {
    if (!finding.fix || finding.suppression) continue; // suppressed findings offer no fix
    // Budget first: applying hundreds of fixes to a big file just to skip them is costly too.
    budget -= file.text.length;
    if (budget < 0) {
      if (before > 0 || touchesTemplate(file, finding.fix.edits)) finding.fix = undefined;
      continue;
    }
    const fixed = applyEdits(file.text, finding.fix.edits).text;
    if (errorsAfter(file, fixed, trees) > before) finding.fix = undefined;
  }
}

function touchesTemplate(file: ParsedFile, edits: readonly TextEdit[]): boolean {
  if (file.kind !== 'yaml') return false;
  return edits.some((e) => file.templated.some((t) => e.range.start <= t.end && e.range.end >= t.start));
}

/** Syntax errors in `text` parsed as `file`'s language (the text of `file` after a fix). */
export function errorsAfter(file: ParsedFile, text: string, trees: TreeSitterParsers): number {
  if (file.kind === 'yaml') return parseYaml(file.path, text).docs.reduce((n, d) => n + d.errors.length, 0);
  if (file.kind !== 'tree') return 0;
  const tree = trees.parse(file.grammar, text);
  try {
    return treeErrorCount(tree);
  } finally {
    tree.delete();
  }
}
