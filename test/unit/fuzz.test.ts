/**
 * Bounded fuzzing (fixed seed, so CI is reproducible): mutated fixtures and grammar-generated
 * files of every language. `npm run fuzz` runs the same properties for as long as you like.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Engine } from '../../engine/engine';
import { testEngine } from '../support/engine';
import { checkProperties, corpus, FAMILIES, inputs, sizedSample } from '../support/fuzz';

/** Per-input budget. Inputs here are a few KB; generous because CI machines are shared. */
const BUDGET_MS = 1_500;
const RUNS = Number(process.env.THREATLINT_FUZZ_RUNS ?? 120);
const SEED = 20_261_127;

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

describe('fuzzing the engine (bounded)', () => {
  const files = corpus();
  for (const family of FAMILIES) {
    it(`${family}: never throws, stays in budget, ranges inside, fixes clean`, async () => {
      await fc.assert(
        fc.asyncProperty(inputs(family, files.get(family) ?? []), (input) => checkProperties(engine, input, BUDGET_MS)),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  }

  // Measured best-of-3 on an idle machine: well under a second each; the bound allows a busy CI runner.
  it('analyses a 100 KB file of each language within its budget', () => {
    for (const family of FAMILIES) {
      const name = { yaml: 'all.yaml', dockerfile: 'Dockerfile', go: 'all.go', typescript: 'all.ts' }[family];
      const text = sizedSample(family, 100_000);
      engine.analyze({ path: name, text });
      const best = Math.min(...[0, 1, 2].map(() => engine.analyze({ path: name, text }).durationMs));
      assert.ok(best < 2_000, `${family}: ${best.toFixed(0)} ms for ${text.length} chars`);
    }
  });
});
