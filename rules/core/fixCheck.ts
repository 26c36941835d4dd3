import type { Tree } from '@vscode/tree-sitter-wasm';
import { applyEdits } from './fixes';
import { parseYaml } from './parsers/yaml';
import type { TreeSitterParsers } from './parsers/treeSitter';
import { walk } from './syntax';
import type { Finding, ParsedFile } from './types';

/**
 * Characters re-parsed per analysis to check fixes at most (a few 100 KB files' worth, tens of
 * milliseconds); past it, the remaining fixes of a broken file are withheld rather than checked.
 */
const VERIFY_BUDGET_CHARS = 300_000;

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
 * In a file that already has syntax errors, a fix written for well-formed text can land inside
 * the broken region and make it worse. Each such fix is applied and the result re-parsed; a fix
 * that adds errors is withheld (the finding stays). Fixes in well-formed files are trusted: the
 * fixture and fuzz tests check them.
 */
export function withholdHarmfulFixes(file: ParsedFile, findings: Finding[], trees: TreeSitterParsers): void {
  const before = syntaxErrorCount(file);
  if (before === 0 || file.kind === 'dockerfile') return;
  let budget = VERIFY_BUDGET_CHARS;
  for (const finding of findings) {
    if (!finding.fix) continue;
    const fixed = applyEdits(file.text, finding.fix.edits).text;
    budget -= fixed.length;
    if (budget < 0) {
      finding.fix = undefined;
      continue;
    }
    if (errorsAfter(file, fixed, trees) > before) finding.fix = undefined;
  }
}

function errorsAfter(file: ParsedFile, text: string, trees: TreeSitterParsers): number {
  if (file.kind === 'yaml') return parseYaml(file.path, text).docs.reduce((n, d) => n + d.errors.length, 0);
  if (file.kind !== 'tree') return 0;
  const tree = trees.parse(file.grammar, text);
  try {
    return treeErrorCount(tree);
  } finally {
    tree.delete();
  }
}
