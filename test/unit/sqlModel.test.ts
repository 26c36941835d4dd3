/**
 * Every entry of the TS SQL library model (rules/ts/models/sql.ts) names a fixture marker, a
 * `// model: <marker>` comment in test/fixtures/ts/sql-string-built/ above a case that exercises it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  CONSTANT_ORIGINS,
  FORMAT_FUNCTIONS,
  IDENTIFIER_BINDINGS,
  REQUEST_SOURCES,
  SAFE_TAGS,
  SANITIZER_NAMES,
  SANITIZERS,
  SQL_LIBRARIES,
  SQL_SINKS,
} from '../../rules/ts/models/sql';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'ts', 'sql-string-built');

function markers(): Set<string> {
  const found = new Set<string>();
  for (const file of fs.readdirSync(FIXTURES)) {
    if (file.includes('.fixed.')) continue;
    for (const match of fs.readFileSync(path.join(FIXTURES, file), 'utf8').matchAll(/\/\/ model: ([\w-]+)/g)) found.add(match[1]);
  }
  return found;
}

describe('ts SQL model', () => {
  const entries: { what: string; fixture: string }[] = [
    ...SQL_SINKS.map((s) => ({ what: `sink ${s.library} ${s.methods.join('/')}`, fixture: s.fixture })),
    ...SAFE_TAGS.map((s) => ({ what: `safe tag ${s.library}`, fixture: s.fixture })),
    ...SANITIZERS.map((s) => ({ what: `sanitizer ${s.fixture}`, fixture: s.fixture })),
    ...FORMAT_FUNCTIONS.map((s) => ({ what: `format ${s.modules.join('/')}`, fixture: s.fixture })),
    ...IDENTIFIER_BINDINGS.map((s) => ({ what: `identifier binding ${s.library}`, fixture: s.fixture })),
    ...SANITIZER_NAMES.map((s) => ({ what: `sanitizer name ${s.pattern}`, fixture: s.fixture })),
    ...CONSTANT_ORIGINS.map((s) => ({ what: `constant origin ${s.fixture}`, fixture: s.fixture })),
    { what: 'request sources', fixture: REQUEST_SOURCES.fixture },
  ];

  it('every entry has a fixture line exercising it', () => {
    const found = markers();
    const missing = entries.filter((e) => !found.has(e.fixture)).map((e) => `${e.what} (// model: ${e.fixture})`);
    assert.deepEqual(missing, []);
  });

  it('every marker in the fixtures names an entry', () => {
    const known = new Set(entries.map((e) => e.fixture));
    assert.deepEqual(
      [...markers()].filter((m) => !known.has(m)),
      [],
    );
  });

  it('every sink names a library of the model', () => {
    for (const sink of SQL_SINKS) assert.ok(sink.library in SQL_LIBRARIES, sink.library);
  });
});
