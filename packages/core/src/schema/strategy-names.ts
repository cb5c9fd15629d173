/** Every strategy, in the order a plan runs and a report lists them: `sequential` first, the baseline every ratio is taken against. */
export const STRATEGIES = ["sequential", "workers", "interleaved", "shared", "processes"] as const;
export type StrategyName = (typeof STRATEGIES)[number];
