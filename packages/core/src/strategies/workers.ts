import { countedLabel } from "./label.ts";
import { splitOverPool } from "./start-pool.ts";
import type { Strategy } from "./types.ts";
import { widestOnly } from "./widest-only.ts";

/** The workload's parts spread over a pool of n worker threads, at every count of the sweep. */
export const workers: Strategy = {
  name: "workers",
  baseline: false,
  runsOn: "threads",
  role: "thread-pool",
  // One worker runs the same kernels as sequential, plus the trip to it and back.
  oneThreadCost: ({ threads }) => (threads === 1 ? "the hand-off to the worker, or a colder JIT state in it" : undefined),
  traces: widestOnly,
  expand: (_workload, threads) => threads.map((t) => ({ threads: t })),
  notApplicable: () => undefined,
  prepare: (step, context) => splitOverPool(step, context.adapter, context),
  label: countedLabel("workers"),
};
