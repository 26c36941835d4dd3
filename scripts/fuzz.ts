/**
 * Long fuzzing run: `npm run fuzz` (or `npm run fuzz -- --runs 50000 --seed 42 --family go`).
 * Same inputs and properties as the bounded test, a random seed by default, and a summary of
 * inputs tried, time spent and any failure (with the seed and path to replay it).
 */
import fc from 'fast-check';
import { Engine } from '../engine/engine';
import { allRules } from '../rules';
import type { FileFamily } from '../engine/languages';
import { checkProperties, corpus, FAMILIES, inputs, sizedSample } from '../test/support/fuzz';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const runs = Number(option('runs') ?? 5_000);
  const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
  const budgetMs = Number(option('budget') ?? 500);
  const only = option('family') as FileFamily | undefined;
  const engine = await Engine.create(allRules);
  const files = corpus();
  let failed = false;
  console.log(`fuzz: seed ${seed}, ${runs} inputs per language, budget ${budgetMs} ms per input`);
  for (const family of FAMILIES) {
    if (only && family !== only) continue;
    let tried = 0;
    let slowest = 0;
    let chars = 0;
    const started = performance.now();
    const details = await fc.check(
      fc.asyncProperty(inputs(family, files.get(family) ?? []), async (input) => {
        tried++;
        chars += input.text.length;
        const t = performance.now();
        await checkProperties(engine, input, budgetMs);
        slowest = Math.max(slowest, performance.now() - t);
      }),
      { seed, numRuns: runs },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${family.padEnd(10)} ${tried} inputs (${(chars / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s, slowest check ${slowest.toFixed(0)} ms: ${details.failed ? 'FAILED' : 'ok'}`,
    );
    if (details.failed) {
      failed = true;
      console.log(`  seed ${details.seed}, path ${details.counterexamplePath}`);
      console.log(`  ${String(details.errorInstance ?? '').split('\n')[0]}`);
      console.log(`  input: ${JSON.stringify(details.counterexample?.[0]).slice(0, 2_000)}`);
    }
  }
  console.log('100 KB files (best of 3):');
  for (const family of FAMILIES) {
    const name = { yaml: 'all.yaml', dockerfile: 'Dockerfile', go: 'all.go', typescript: 'all.ts' }[family];
    const text = sizedSample(family, 100_000);
    const best = Math.min(...[0, 1, 2, 3].map(() => engine.analyze({ path: name, text }).durationMs).slice(1));
    console.log(`  ${family.padEnd(10)} ${text.length} chars: ${best.toFixed(0)} ms`);
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
