import { processAdapter } from "../bench-kit/process-adapter.ts";
import { countedLabel } from "./label.ts";
import { splitOverPool } from "./start-pool.ts";
import type { Strategy } from "./types.ts";
import { widestOnly } from "./widest-only.ts";

/**
 * The `workers` split over child processes. It runs at one count, the widest
 * that does not oversubscribe the cores: it is there to set a process's cost
 * beside a thread's at the same n, and a sweep of process starts would cost
 * a big machine minutes.
 */
export const processes: Strategy = {
  name: "processes",
  baseline: false,
  runsOn: "processes",
  role: "processes",
  oneThreadCost: () => undefined,
  // Its one count is its widest.
  traces: widestOnly,
  expand: (_workload, threads, cores) => [{ threads: threads.filter((t) => t <= cores).at(-1) ?? threads[0]! }],
  notApplicable: (adapter) => (adapter.startProcess ? undefined : "not applicable: this runtime cannot start child processes"),
  prepare: (step, context) => splitOverPool(step, processAdapter(context.adapter), context),
  label: countedLabel("processes"),
};
