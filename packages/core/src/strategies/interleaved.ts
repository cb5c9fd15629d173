import { interleavedExecutor, yielder, type YieldMechanism } from "../bench-kit/executors.ts";
import { countedLabel } from "./label.ts";
import type { RowName, Strategy } from "./types.ts";

/** Slices per map, and the work between yields for CPU workloads (noop yields after every slice: it measures the switch alone). */
const SLICES = 16;
const QUANTUM_MS = 10;
const YIELDS: readonly YieldMechanism[] = ["setTimeout", "messageChannel"];

/** The yield every workload runs with; setTimeout's rows (noop's) only price its clamp, and a timeline of them would show nothing more. */
const traces = ({ variant }: RowName): boolean => variant === "messageChannel";

/**
 * Concurrency on one thread: the workload cut into slices with yields to the
 * event loop between them. CPU workloads yield through a MessageChannel
 * only; the two mechanisms are compared on `noop`, where the switch is all
 * there is to time (on real work setTimeout's clamp only added the same
 * known cost to every row, and a scenario each).
 */
export const interleaved: Strategy = {
  name: "interleaved",
  baseline: false,
  runsOn: "caller",
  role: "slices",
  // The same kernels as sequential on the same thread, cut into slices.
  oneThreadCost: ({ variant }) =>
    variant === "setTimeout" ? "the timer clamp on each yield, or a colder JIT state" : "the yields, or a colder JIT state",
  traces,
  expand: (workload) =>
    (workload.kind === "cpu" ? (["messageChannel"] as const) : YIELDS).map((variant) => ({
      variant,
      threads: 1,
    })),
  notApplicable: () => undefined,
  async prepare({ workload, variant, size }, { adapter, record, scenario }) {
    const y = yielder(variant as YieldMechanism);
    const quantumMs = workload.kind === "cpu" ? QUANTUM_MS : 0;
    const exec = interleavedExecutor(workload, y.yieldNow, { slices: SLICES, quantumMs, now: () => adapter.now() });
    const trace = { now: () => adapter.now(), onTask: record };
    return {
      async run(kind) {
        exec.switches = 0;
        exec.trace = kind === "traced" ? trace : undefined;
        const out = await workload.run(size, exec);
        scenario.switches = exec.switches;
        return out;
      },
      close: async () => y.close(),
    };
  },
  label: countedLabel("interleaved"),
};
