import { inlineExecutor } from "../bench-kit/executors.ts";
import type { Strategy } from "./types.ts";

/** The workload's kernels one after another on the calling thread: the baseline. */
export const sequential: Strategy = {
  name: "sequential",
  baseline: true,
  runsOn: "caller",
  // It is the baseline the self-check measures against.
  oneThreadCost: () => undefined,
  traces: () => true,
  expand: () => [{ threads: 1 }],
  notApplicable: () => undefined,
  async prepare({ workload, size }, { adapter, record }) {
    const plain = inlineExecutor(workload);
    const traced = inlineExecutor(workload, { now: () => adapter.now(), onTask: record });
    return {
      run: (kind) => workload.run(size, kind === "plain" ? plain : traced),
      close: async () => {},
    };
  },
  label: () => "sequential",
};
