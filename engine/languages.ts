import * as path from 'node:path';

/** Families of files by name; YAML is told apart as Kubernetes or Compose only after parsing. */
export type FileFamily = 'yaml' | 'dockerfile' | 'go' | 'typescript';
export type TreeGrammar = 'go' | 'typescript' | 'tsx' | 'javascript';

const TS_EXTENSIONS: Record<string, TreeGrammar> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
};

export function isDockerfileName(basename: string): boolean {
  const lower = basename.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
}

export function isComposeName(basename: string): boolean {
  const lower = basename.toLowerCase();
  return /^(docker-)?compose([.-][\w.-]*)?\.ya?ml$/.test(lower);
}

/** The family a file belongs to by its name, or undefined when ThreatLint has no rules for it. */
export function familyOf(filePath: string): FileFamily | undefined {
  const base = path.basename(filePath);
  if (isDockerfileName(base)) return 'dockerfile';
  const ext = path.extname(base).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.go') return 'go';
  if (ext in TS_EXTENSIONS) return 'typescript';
  return undefined;
}

/** The tree-sitter grammar for a Go or TS/JS file: TSX and JavaScript need their own. */
export function grammarOf(filePath: string, family: 'go' | 'typescript'): TreeGrammar {
  if (family === 'go') return 'go';
  return TS_EXTENSIONS[path.extname(filePath).toLowerCase()] ?? 'typescript';
}

/** Languages of VS Code language ids, for editors that tell us the id rather than the name. */
export const LANGUAGE_IDS: Record<string, FileFamily> = {
  yaml: 'yaml',
  dockercompose: 'yaml',
  dockerfile: 'dockerfile',
  go: 'go',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'typescript',
  javascriptreact: 'typescript',
};
