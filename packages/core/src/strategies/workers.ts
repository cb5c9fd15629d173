import { countedLabel } from "./label.ts";
import { splitOverPool } from "./start-pool.ts";
import type { Strategy } from "./types.ts";

/** The workload's parts spread over a pool of n worker threads, at every count of the sweep. */
export const workers: Strategy = {
  name: "workers",
  baseline: false,
  // Only the widest count is drawn as a timeline.
  expand: (_workload, threads) => threads.map((t) => ({ threads: t, traced: t === threads.at(-1) })),
  notApplicable: () => undefined,
  prepare: (step, context) => splitOverPool(step, context.adapter, context),
  label: countedLabel("workers"),
};
