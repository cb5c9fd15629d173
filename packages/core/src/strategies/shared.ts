import { countedLabel } from "./label.ts";
import { startPool } from "./start-pool.ts";
import type { Strategy } from "./types.ts";
import { widestOnly } from "./widest-only.ts";

/** n worker threads cooperating on one SharedArrayBuffer: only workloads with a shared-memory version have these rows. */
export const shared: Strategy = {
  name: "shared",
  baseline: false,
  runsOn: "threads",
  role: "shared-memory",
  oneThreadCost: () => undefined,
  traces: widestOnly,
  expand: (workload, threads) => (workload.shared ? threads.map((t) => ({ threads: t })) : []),
  notApplicable: () =>
    typeof SharedArrayBuffer === "undefined"
      ? "not applicable: SharedArrayBuffer is unavailable here (a browser page must be cross-origin isolated)"
      : undefined,
  async prepare(step, context) {
    const pool = await startPool(step, context.adapter, context);
    const { workload, size, threads } = step;
    return { run: () => workload.shared!(size, { threads, api: pool.api }), close: () => pool.close() };
  },
  label: countedLabel("shared"),
};
