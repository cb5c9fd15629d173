import type { Plan } from "@threadlab/core";

/** The plan in one line: preset, sampling rule, thread counts. */
export function planLine(plan: Plan): string {
  return (
    `preset ${plan.preset}; at least ${plan.samples} timed samples per scenario after ${plan.warmup}+ warm-up run(s), ` +
    `then until the median's 95% CI is within ±${(plan.precision * 100).toFixed(1)}% or the scenario's share of ${(plan.budgetMs / 1000).toFixed(0)} s is spent; ` +
    `threads ${plan.threads.join(", ")}`
  );
}
