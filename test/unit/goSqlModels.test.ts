/**
 * The Go SQL library models (rules/go/models/sql.ts) are data; each entry is exercised by a
 * fixture line of go/sql-string-built. A `// model: <id>` comment sits right above the line's
 * `ruleid:`/`ok:` annotation, and the annotated code names the entry's function or method.
 * An entry without such a line, or a marker naming no entry, fails here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES_ROOT } from '../support/fixtures';
import { REQUEST_SOURCES, SQL_SANITIZERS, SQL_SINKS } from '../../rules/go/models/sql';

const dir = path.join(FIXTURES_ROOT, 'go', 'sql-string-built');

interface Marker {
  file: string;
  line: number;
  /** The code line the marker's annotation applies to. */
  code: string;
}

function markers(): Map<string, Marker[]> {
  const found = new Map<string, Marker[]>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.go') && !n.includes('.fixed.'))) {
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
    lines.forEach((text, i) => {
      const m = /^\s*\/\/ model: (\S+)\s*$/.exec(text);
      if (!m) return;
      let next = i + 1;
      while (next < lines.length && /^\s*\/\/ model: /.test(lines[next])) next++;
      const annotation = lines[next] ?? '';
      const code = /^\s*\/\/ (ruleid|ok): go\/sql-string-built\b/.test(annotation) ? (lines[next + 1] ?? '') : '';
      const list = found.get(m[1]) ?? [];
      list.push({ file: name, line: i + 1, code });
      found.set(m[1], list);
    });
  }
  return found;
}

const entries: { id: string; names: readonly string[] }[] = [
  ...SQL_SINKS.map((s) => ({ id: s.id, names: s.methods })),
  ...SQL_SANITIZERS.map((s) => ({ id: s.id, names: [s.name] })),
  ...REQUEST_SOURCES.map((s) => ({ id: s.id, names: s.names })),
];

describe('Go SQL models', () => {
  const byId = markers();

  it('have unique ids', () => {
    const ids = entries.map((e) => e.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  for (const entry of entries) {
    it(`${entry.id} has a fixture line that exercises it`, () => {
      const found = byId.get(entry.id) ?? [];
      assert.ok(found.length > 0, `no "// model: ${entry.id}" marker in ${path.relative(process.cwd(), dir)}`);
      for (const marker of found) {
        assert.ok(marker.code !== '', `${marker.file}:${marker.line}: the marker must sit right above a ruleid:/ok: annotation`);
        const escaped = entry.names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        assert.match(
          marker.code,
          new RegExp(`\\b(${escaped.join('|')})\\b`),
          `${marker.file}:${marker.line + 1}: the annotated line names none of ${entry.names.join(', ')}`,
        );
      }
    });
  }

  it('markers name model entries', () => {
    const known = new Set(entries.map((e) => e.id));
    assert.deepEqual(
      [...byId.keys()].filter((id) => !known.has(id)),
      [],
    );
  });
});
