/**
 * Go rules on half-typed code: every prefix of every Go fixture (cut every few characters,
 * as a user types it) analyses without a rule failing (the engine turns a throwing rule
 * into a notice, which is what this looks for).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../engine/engine';
import { testEngine } from '../support/engine';
import { fixtureConfig, FIXTURES_ROOT } from '../support/fixtures';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const goDir = path.join(FIXTURES_ROOT, 'go');
const files = fs.readdirSync(goDir).flatMap((rule) =>
  fs
    .readdirSync(path.join(goDir, rule))
    .filter((f) => f.endsWith('.go') && !f.includes('.fixed'))
    .map((f) => path.join(goDir, rule, f)),
);

describe('Go rules while typing', () => {
  for (const file of files) {
    it(`${path.relative(goDir, file)}: every prefix analyses without a rule failure`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const config = fixtureConfig(path.dirname(file));
      const step = Math.max(3, Math.floor(text.length / 80));
      for (let cut = 0; cut <= text.length; cut += step) {
        const result = engine.analyze({ path: file, text: text.slice(0, cut) }, config);
        const failures = result.notices.filter((n) => /rule .* failed/.test(n.message));
        assert.deepEqual(failures, [], `prefix of ${cut} characters`);
      }
    });
  }
});
