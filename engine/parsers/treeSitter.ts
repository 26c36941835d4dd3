import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Language, Parser, type Tree } from '@vscode/tree-sitter-wasm';
import type { TreeGrammar } from '../languages';

/**
 * Tree-sitter parsers, loaded once per process. The WASM grammars are found next to
 * the bundle (`<bundle dir>/wasm`, copied there by esbuild.mjs) or in node_modules
 * when running from source.
 */
let loading: Promise<TreeSitterParsers> | undefined;

/** Grammars beyond the file languages: bash, for the shell commands of Dockerfile RUN lines. */
export type AnyGrammar = TreeGrammar | 'bash';

export interface TreeSitterParsers {
  parse(grammar: AnyGrammar, text: string): Tree;
}

export function wasmDirectory(): string {
  const candidates = [path.join(__dirname, 'wasm'), path.join(__dirname, '..', 'wasm')];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'tree-sitter.wasm'))) return dir;
  }
  // From source (tests, tsx): the package itself. createRequire keeps bundlers from inlining the lookup.
  return path.dirname(createRequire(__filename).resolve('@vscode/tree-sitter-wasm'));
}

export function loadTreeSitter(): Promise<TreeSitterParsers> {
  loading ??= load();
  return loading;
}

async function load(): Promise<TreeSitterParsers> {
  const dir = wasmDirectory();
  await Parser.init({ locateFile: (file: string) => path.join(dir, file) });
  const grammars: AnyGrammar[] = ['go', 'typescript', 'tsx', 'javascript', 'bash'];
  const parsers = new Map<AnyGrammar, Parser>();
  for (const grammar of grammars) {
    const language = await Language.load(path.join(dir, `tree-sitter-${grammar}.wasm`));
    const parser = new Parser();
    parser.setLanguage(language);
    parsers.set(grammar, parser);
  }
  return {
    parse(grammar, text) {
      const parser = parsers.get(grammar);
      const tree = parser?.parse(text);
      if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
      return tree;
    },
  };
}
