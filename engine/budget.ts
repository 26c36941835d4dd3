/**
 * A time budget for one rule on one file. Hostile input can make any analysis slow (tree-sitter
 * finds a node's parent by descending from the root, so climbing a 10,000-level tree is
 * quadratic); the engine gives each rule a budget, and the shared syntax helpers check it as
 * they go, so a runaway rule stops with a notice instead of freezing the editor.
 */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`stopped after its ${budgetMs} ms time budget`);
  }
}

let deadline = Number.POSITIVE_INFINITY;
let budget = 0;

/** Starts a budget; `endBudget` lifts it. Not re-entrant: the engine runs one rule at a time. */
export function startBudget(ms: number): void {
  budget = ms;
  deadline = performance.now() + ms;
}

export function endBudget(): void {
  deadline = Number.POSITIVE_INFINITY;
}

/** Throws BudgetExceeded when the current budget is spent. Cheap enough to call per node. */
export function checkBudget(): void {
  if (deadline !== Number.POSITIVE_INFINITY && performance.now() > deadline) throw new BudgetExceeded(budget);
}
