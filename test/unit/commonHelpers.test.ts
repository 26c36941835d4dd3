/**
 * The helpers of rules/common/: one judgement per concept, shared by every language's rules;
 * and the syntax verbs rules/go/support and rules/ts/support both spell the same way.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '@vscode/tree-sitter-wasm';
import { grammarOf } from '../../engine/languages';
import { loadTreeSitter, type TreeSitterParsers } from '../../engine/parsers/treeSitter';
import { descendants, field } from '../../engine/syntax';
import * as goSyntax from '../../rules/go/support/goSyntax';
import * as tsModules from '../../rules/ts/support/modules';
import { parameterNamed as tsParameterNamed } from '../../rules/ts/support/flow';
import { dsnHost, namesLoopbackHost } from '../../rules/common/dsn';
import { isLoopbackAddress, isLoopbackHost } from '../../rules/common/hosts';
import { looksLikeSql, looksLikeSqlFragment } from '../../rules/common/sqlText';
import { isRootUser } from '../../rules/common/users';
import { concatenationText } from '../../rules/go/support/literals';

describe('sqlText', () => {
  it('knows statements, DDL included', () => {
    for (const sql of [
      'SELECT id FROM books WHERE title = ',
      'insert into books (title) values (',
      'INSERT IGNORE INTO books (title) VALUES (',
      'UPDATE books SET title = ',
      'DELETE FROM books WHERE id = ',
      'DROP TABLE IF EXISTS books_',
      'TRUNCATE TABLE staging_',
      'ALTER TABLE books ADD COLUMN ',
    ]) {
      assert.equal(looksLikeSql(sql), true, sql);
    }
  });

  it('knows clauses appended to a query built elsewhere, and WHERE comparisons', () => {
    for (const sql of [' WHERE id = ', ' AND title = ', ' ORDER BY ', ' GROUP BY ', ' LIMIT ', 'x WHERE price < ', 'x WHERE deleted_at IS ']) {
      assert.equal(looksLikeSql(sql), true, sql);
    }
  });

  it('leaves prose, log lines and DSNs alone', () => {
    for (const text of ['table  dropped', 'update the settings', 'host= user= dbname=books sslmode=require', 'no limit here', 'drop the table']) {
      assert.equal(looksLikeSql(text), false, text);
    }
  });

  it('takes bare comparisons and orderings as fragments, not as statements', () => {
    assert.equal(looksLikeSqlFragment('name = '), true);
    assert.equal(looksLikeSqlFragment('created_at desc'), true);
    assert.equal(looksLikeSql('name = '), false);
    assert.equal(looksLikeSqlFragment('hello world'), false);
  });
});

describe('hosts', () => {
  it('takes loopback names, all of 127.0.0.0/8, ::1 and Unix sockets as local', () => {
    for (const host of [
      'localhost',
      'LocalHost',
      '127.0.0.1',
      '127.0.0.2',
      '127.255.255.254',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '/var/run/postgresql',
      '/tmp',
      '/cloudsql/project:region:db',
      '',
    ]) {
      assert.equal(isLoopbackHost(host), true, JSON.stringify(host));
    }
  });

  it('takes every other host, and an unknown one, as remote', () => {
    for (const host of [
      undefined,
      'db',
      'postgres.booksstore.svc',
      '127.example.com',
      '127.0.0',
      '127.0.0.256',
      '128.0.0.1',
      '10.0.0.1',
      '0.0.0.0',
      '::',
      '::2',
      'localhost.example.com',
      'var/run/postgresql',
    ]) {
      assert.equal(isLoopbackHost(host), false, JSON.stringify(host));
    }
  });

  it('reads listen addresses: a loopback host with a port; no host means every interface', () => {
    for (const address of ['localhost:8080', '127.0.0.1:80', '127.0.0.2:http', '[::1]:8443']) assert.equal(isLoopbackAddress(address), true, address);
    for (const address of [':8080', '0.0.0.0:80', 'api.internal:80', '[::]:80', 'localhost', '::1:8080', '/tmp/api.sock'])
      assert.equal(isLoopbackAddress(address), false, address);
  });

  it('judges the hosts DSNs write the same way in every form', () => {
    const local = [
      'host=/var/run/postgresql dbname=books',
      'postgres://books@127.0.0.2:5432/books',
      'books:pw@tcp(localhost:3306)/books',
      'psql "host=localhost dbname=books"',
      'Host=localhost;Database=books',
      'dbname=books sslmode=disable',
    ];
    for (const dsn of local) assert.equal(isLoopbackHost(dsnHost(dsn)), true, dsn);
    const remote = ['host=postgres port=5432', 'postgres://books@127.example.com/books', 'postgres://books@%s/books', 'Host=db.internal;Database=books'];
    for (const dsn of remote) assert.equal(isLoopbackHost(dsnHost(dsn)), false, dsn);
  });

  it('namesLoopbackHost needs the host written down (manifests set PGHOST beside the DSN)', () => {
    assert.equal(namesLoopbackHost('host=/var/run/postgresql sslmode=disable'), true);
    assert.equal(namesLoopbackHost('postgres://books@127.0.0.2/books?sslmode=disable'), true);
    assert.equal(namesLoopbackHost('dbname=books sslmode=disable'), false);
    assert.equal(namesLoopbackHost('postgres://books@db/books?sslmode=disable'), false);
  });
});

describe('users', () => {
  it('takes root and UID 0 as root, with any group', () => {
    for (const user of ['root', 'ROOT', '0', '00', 'root:root', 'root:wheel', 'root:0', '0:0', '0:1000', '0:root', ' root ', 0]) {
      assert.equal(isRootUser(user), true, JSON.stringify(user));
    }
  });

  it('takes other users as not root, even in the root group', () => {
    for (const user of ['app', '10001', '10001:10001', 'app:root', '1000:0', 'rooty', '${APP_USER}', '', 10001]) {
      assert.equal(isRootUser(user), false, JSON.stringify(user));
    }
  });
});

describe('support verbs: the same in Go and TS', () => {
  let trees: TreeSitterParsers;
  before(async () => {
    trees = await loadTreeSitter();
  });
  const parse = (file: string, text: string): Node => trees.parse(grammarOf(file, file.endsWith('.go') ? 'go' : 'typescript'), text).rootNode;
  const firstCall = (root: Node) => descendants(root, 'call_expression')[0];

  it('callArguments skips comments between arguments', () => {
    const go = parse('a.go', 'package a\nfunc f() { g(a, /* x */ b) }\n');
    const ts = parse('a.ts', 'g(a, /* x */ b);\n');
    assert.deepEqual(
      goSyntax.callArguments(firstCall(go)).map((n) => n.text),
      ['a', 'b'],
    );
    assert.deepEqual(
      tsModules.callArguments(firstCall(ts)).map((n) => n.text),
      ['a', 'b'],
    );
  });

  it('unwrapParens strips parentheses (and in TS, casts that keep the value)', () => {
    const go = parse('a.go', 'package a\nfunc f() { g(((x))) }\n');
    const ts = parse('a.ts', 'g(((x as string)!));\n');
    assert.equal(goSyntax.unwrapParens(goSyntax.callArguments(firstCall(go))[0])?.text, 'x');
    assert.equal(tsModules.unwrapParens(tsModules.callArguments(firstCall(ts))[0])?.text, 'x');
  });

  it('parameterNamed(fn, name) looks at the function itself; Go enclosingParameter searches outwards', () => {
    const go = parse('a.go', 'package a\nfunc f(key string) { _ = func(n int) { use(key) } }\n');
    const [outer, inner] = descendants(go, ['function_declaration', 'func_literal']);
    assert.equal(field(goSyntax.parameterNamed(outer, 'key'), 'type')?.text, 'string');
    assert.equal(goSyntax.parameterNamed(inner, 'key'), undefined);
    assert.equal(goSyntax.enclosingParameter(firstCall(go), 'key')?.startIndex, goSyntax.parameterNamed(outer, 'key')?.startIndex);
    const ts = parse('a.ts', 'function f(key: string) { return (n: number) => key; }\n');
    const [tsOuter, tsInner] = descendants(ts, ['function_declaration', 'arrow_function']);
    assert.equal(tsParameterNamed(tsOuter, 'key')?.text, 'key');
    assert.equal(tsParameterNamed(tsInner, 'key'), undefined);
  });

  it('FUNCTION_NODE_TYPES names every kind of function the grammars produce', () => {
    const ts = parse(
      'a.ts',
      'function a() {} const b = function () {}; const c = () => 1; function* d() {} const e = function* () {}; class F { g() {} *h() {} get i() { return 1; } } const o = { j() {} };\n',
    );
    const kinds = new Set<string>();
    const visit = (n: Node) => {
      if (/function|arrow|method_definition/.test(n.type) && field(n, 'body')) kinds.add(n.type);
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(ts);
    assert.deepEqual(
      [...kinds].filter((k) => !tsModules.FUNCTION_NODE_TYPES.includes(k)),
      [],
    );
    assert.equal(kinds.size, 6);
    const go = parse('a.go', 'package a\nfunc f() { _ = func() {} }\ntype T struct{}\nfunc (T) m() {}\n');
    assert.deepEqual(new Set(descendants(go, goSyntax.FUNCTION_NODE_TYPES).map((n) => n.type)), new Set(goSyntax.FUNCTION_NODE_TYPES));
  });
});

describe('Go concatenation chains', () => {
  let trees: TreeSitterParsers;
  before(async () => {
    trees = await loadTreeSitter();
  });

  it('spells each `+` chain once, for every literal in it, and keeps chains inside arguments apart', () => {
    const text = 'package a\nvar dsn = "postgres://u:" + pw + "@db/x?" + f("a" + "b") + "sslmode=disable"\n';
    const root = trees.parse(grammarOf('a.go', 'go'), text).rootNode;
    const literals = descendants(root, 'interpreted_string_literal');
    const spelt = new Map(literals.map((l) => [l.text, concatenationText(l)]));
    assert.equal(spelt.get('"postgres://u:"'), 'postgres://u:%s@db/x?%ssslmode=disable');
    assert.equal(spelt.get('"sslmode=disable"'), 'postgres://u:%s@db/x?%ssslmode=disable');
    assert.equal(spelt.get('"a"'), 'ab', 'a chain inside a call argument is its own chain');
  });

  it('reads a protoc-style raw descriptor (1,000 literals) as one text', () => {
    const parts = Array.from({ length: 1_000 }, (_, i) => `"\\x0${i % 8}part${i}"`);
    const text = `package pb\nconst rawDesc = "" +\n\t${parts.join(' +\n\t')}\n`;
    const root = trees.parse(grammarOf('a.pb.go', 'go'), text).rootNode;
    const literals = descendants(root, 'interpreted_string_literal');
    assert.equal(literals.length, 1_001);
    const first = concatenationText(literals[0]);
    assert.ok(first.endsWith('part999'));
    assert.equal(concatenationText(literals[1_000]), first);
  });
});
