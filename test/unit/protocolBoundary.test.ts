/**
 * The client talks to the server only through protocol/: its bundle carries no engine, rule,
 * project, output or server code, and protocol/ itself is only JSON-RPC message types and wire
 * shapes. Read from the sources' import statements.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

/** `from '…'` and `import '…'` specifiers of every .ts file under `dir`. */
function importsUnder(dir: string): { file: string; specifier: string }[] {
  const found: { file: string; specifier: string }[] = [];
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = path.join(dir, entry);
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(/^\s*(?:(?:import|export)\s[^'";]*?\bfrom|import)\s+['"]([^'"]+)['"]/gm)) found.push({ file, specifier: m[1] });
  }
  return found;
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('protocol boundary', () => {
  it('client/src imports only vscode, vscode-languageclient, Node, its own files and protocol/', () => {
    const imports = importsUnder('client/src');
    assert.ok(imports.length > 0);
    const outside = imports.filter(({ file, specifier }) => {
      if (specifier === 'vscode' || specifier === 'vscode-languageclient' || specifier.startsWith('vscode-languageclient/') || builtins.has(specifier))
        return false;
      if (!specifier.startsWith('.')) return true;
      const target = path.relative(REPO_ROOT, path.resolve(REPO_ROOT, path.dirname(file), specifier));
      return !(target === 'protocol' || target.startsWith(`protocol${path.sep}`) || target.startsWith(`client${path.sep}src`));
    });
    assert.deepEqual(outside, []);
  });

  it('protocol/ imports only vscode-jsonrpc and vscode-languageserver-protocol', () => {
    const imports = importsUnder('protocol');
    assert.ok(imports.length > 0);
    assert.deepEqual(
      imports.filter(({ specifier }) => specifier !== 'vscode-jsonrpc' && specifier !== 'vscode-languageserver-protocol'),
      [],
    );
  });
});
