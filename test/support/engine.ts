import { Engine } from '../../engine/engine';
import { allRules } from '../../rules';

let engine: Promise<Engine> | undefined;

/** One engine for the whole test process, as the server and CLI keep one. */
export function testEngine(): Promise<Engine> {
  engine ??= Engine.create(allRules);
  return engine;
}
