// Builds exactly what ships: the client bundle, the server bundle and the CLI bundle,
// plus the tree-sitter WASM grammars next to the server. `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const version = JSON.parse(fs.readFileSync('package.json', 'utf8')).version;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { THREATLINT_VERSION: JSON.stringify(version) },
};

// protocol/ imports the hoisted vscode-jsonrpc (the client's); vscode-languageserver pins its own
// nested copy. In the server bundle protocol/ gets the server's copy, so it is bundled once.
const serverJsonrpc = {
  name: 'server-jsonrpc',
  setup(build) {
    const serverDir = path.dirname(require.resolve('vscode-languageserver/node'));
    build.onResolve({ filter: /^vscode-jsonrpc$/ }, (args) =>
      path.relative(path.resolve('protocol'), args.importer).startsWith('..')
        ? undefined
        : build.resolve(args.path, { kind: args.kind, resolveDir: serverDir }),
    );
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'server/out/server.js', plugins: [serverJsonrpc] },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'server/out/cli.js' },
];

function copyWasm() {
  const source = path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
  const target = path.join('server', 'out', 'wasm');
  fs.mkdirSync(target, { recursive: true });
  for (const name of [
    'tree-sitter.wasm',
    'tree-sitter-go.wasm',
    'tree-sitter-typescript.wasm',
    'tree-sitter-tsx.wasm',
    'tree-sitter-javascript.wasm',
    'tree-sitter-bash.wasm',
  ]) {
    fs.copyFileSync(path.join(source, name), path.join(target, name));
  }
}

copyWasm();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
