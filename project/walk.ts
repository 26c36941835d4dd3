import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { familyOf } from '../engine/languages';

/** Folders never worth walking: dependencies, VCS data, build output caches. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn', 'vendor', '.terraform', '.vscode-test']);

export interface WalkOptions {
  /** Extra gitignore-style patterns relative to the root (config `ignore`, editor excludes). */
  ignore?: string[];
  /** Called for entries that could not be read, with a short reason. */
  onSkip?: (file: string, reason: string) => void;
}

/**
 * Files ThreatLint can analyse under `root`, honouring `.gitignore` files at every level
 * (as git does) and the configured ignore patterns. Symlinks are not followed, so a link
 * loop cannot hang a scan.
 */
export function walkFiles(root: string, options: WalkOptions = {}): string[] {
  const result: string[] = [];
  const rootIgnore = ignore().add(options.ignore ?? []);
  const stat = safeStat(root, options);
  if (!stat) return result;
  if (stat.isFile()) return familyOf(root) ? [root] : [];
  visit(root, [{ base: root, rules: rootIgnore }]);
  return result;

  function visit(dir: string, scopes: { base: string; rules: Ignore }[]): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      options.onSkip?.(dir, (error as NodeJS.ErrnoException).code ?? 'unreadable');
      return;
    }
    const gitignore = path.join(dir, '.gitignore');
    const local = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? readIgnore(gitignore) : undefined;
    const active = local ? [...scopes, { base: dir, rules: local }] : scopes;
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        // Never followed (a link loop cannot hang the walk), but said, so a missing file is explained.
        if (linkWorthNoting(full)) options.onSkip?.(full, 'symbolic link, not followed');
        continue;
      }
      const isDir = entry.isDirectory();
      if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
      if (active.some((s) => s.rules.ignores(toPosix(path.relative(s.base, full)) + (isDir ? '/' : '')))) continue;
      if (isDir) visit(full, active);
      else if (entry.isFile() && familyOf(full)) result.push(full);
    }
  }
}

/**
 * Whether a walk of `root` would yield `file`: the same ignore rules (`.gitignore` in every folder
 * from the root down, configured patterns, skipped folders), without walking. For watcher events.
 */
export function isScanned(root: string, file: string, options: WalkOptions = {}): boolean {
  const relative = path.relative(root, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || !familyOf(file)) return false;
  const parts = relative.split(path.sep);
  if (parts.slice(0, -1).some((part) => ALWAYS_SKIPPED.has(part))) return false;
  const scopes: { base: string; rules: Ignore }[] = [{ base: root, rules: ignore().add(options.ignore ?? []) }];
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const local = readIgnore(path.join(dir, '.gitignore'));
    if (local) scopes.push({ base: dir, rules: local });
    const full = path.join(dir, parts[i]);
    const isDir = i < parts.length - 1;
    if (scopes.some((s) => s.rules.ignores(toPosix(path.relative(s.base, full)) + (isDir ? '/' : '')))) return false;
    dir = full;
  }
  const stat = safeStat(file, options);
  return stat !== undefined && stat.isFile() && !fs.lstatSync(file).isSymbolicLink();
}

/** Links to directories or analysable files, dangling links and link loops; not links to other files. */
function linkWorthNoting(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory() || familyOf(file) !== undefined;
  } catch {
    return true; // a loop or a dangling link: worth the note too
  }
}

function readIgnore(file: string): Ignore | undefined {
  try {
    return ignore().add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function safeStat(file: string, options: WalkOptions): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    options.onSkip?.(file, (error as NodeJS.ErrnoException).code ?? 'unreadable');
    return undefined;
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
