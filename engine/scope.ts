import type { Node } from '@vscode/tree-sitter-wasm';
import { memoOf } from './memo';
import { descendants, field, named } from './syntax';
import type { ParsedFile, RuleScope, SyntaxTreeFile } from './types';

/**
 * Rule policy (RuleMeta.scope), applied by the engine the same way for every language: which
 * files count as test code and which modules a file imports are decided here once per file, so
 * rules no longer open with their own guard lines.
 */
interface LanguageFacts {
  /** Module paths the file imports, as written. */
  imports(root: Node): string[];
  isTestCode(path: string, imports: readonly string[]): boolean;
}

const LANGUAGES: Record<SyntaxTreeFile['language'], LanguageFacts> = {
  go: {
    // Blank and dot imports count too: `import _ "github.com/lib/pq"` is how drivers are loaded.
    imports: (root) =>
      descendants(root, 'import_spec')
        .map((spec) => field(spec, 'path'))
        .filter((p): p is Node => p !== undefined)
        .map((p) => p.text.slice(1, -1)),
    // `testdata/` holds inputs of tests; helpers importing `testing` are mocks, fixtures, containers.
    isTestCode: (path, imports) => isGoTestPath(path) || imports.includes('testing'),
  },
  typescript: {
    imports: (root) =>
      [
        ...descendants(root, 'import_statement').map((s) => stringValue(field(s, 'source'))),
        ...descendants(root, 'call_expression')
          .filter((c) => field(c, 'function')?.text === 'require')
          .map((c) => stringValue(named(field(c, 'arguments'))[0])),
      ].filter((s): s is string => s !== undefined),
    isTestCode: (path) => isTsTestPath(path),
  },
};

export function isGoTestPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return p.endsWith('_test.go') || p.includes('/testdata/');
}

/**
 * `*.test.ts`, `*.spec.js` (any TS/JS extension), anything under `__tests__/` or `__mocks__/`,
 * and files directly in a `test/` or `tests/` folder. Only the file's own folder is read for
 * `test(s)/`: paths are absolute, and a project checked out below some `test/` folder (as
 * ThreatLint's own test/fixtures and test/e2e/workspace are) would lose every finding.
 */
export function isTsTestPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(p) || /(^|\/)(__tests__|__mocks__)\//.test(p) || /(^|\/)tests?\/[^/]+$/.test(p);
}

/** The string value of a TS/JS string literal or a template literal without substitutions (rules' support reuses it). */
export function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string')
    return (
      named(node)
        .map((n) => n.text)
        .join('') || node.text.slice(1, -1)
    );
  if (node.type === 'template_string' && !named(node).some((n) => n.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

const IMPORTS = Symbol('imports');

/** Modules a Go or TS/JS file imports (or requires), read once per analysis; none for YAML and Dockerfiles. */
export function importedModules(root: Node, language: SyntaxTreeFile['language']): readonly string[] {
  return memoOf(root.tree)(IMPORTS, () => LANGUAGES[language].imports(root));
}

/** A module path (matching its sub-paths too: `jose` covers `jose/jwt/verify`) or a pattern of paths. */
export function importMatches(required: string | RegExp, path: string): boolean {
  return typeof required === 'string' ? path === required || path.startsWith(`${required}/`) : required.test(path);
}

/**
 * Whether a rule of the given scope checks `file`. Test code is skipped unless the scope says
 * `testCode: 'check'`; only Go and TS/JS files can be test code.
 */
export function inScope(file: ParsedFile): (scope: RuleScope | undefined) => boolean {
  if (file.kind !== 'tree') return (scope) => !scope?.requiresImport;
  const facts = LANGUAGES[file.language];
  const imports = () => importedModules(file.tree.rootNode, file.language);
  let testCode: boolean | undefined;
  return (scope) => {
    if (scope?.testCode !== 'check' && (testCode ??= facts.isTestCode(file.path, imports()))) return false;
    const required = scope?.requiresImport;
    return !required || imports().some((path) => required.some((r) => importMatches(r, path)));
  };
}
