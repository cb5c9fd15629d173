import type { Pool, TaskRecord } from "../pool/pool.ts";
import type { Executor, Workload } from "../workloads/types.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

export interface InlineTrace {
  now(): number;
  onTask(record: TaskRecord): void;
}

/** Runs kernels on the calling thread, one after another; `trace` records each call as worker 0. */
export function inlineExecutor(workload: Workload<any>, trace?: InlineTrace): Executor {
  return {
    parallelism: 1,
    async map<I, O>(kernel: string, inputs: readonly I[]): Promise<O[]> {
      const fn = workload.kernels[kernel];
      if (!fn) throw new Error(`${workload.name} has no kernel "${kernel}"`);
      return inputs.map((input) => {
        if (!trace) return fn(input) as O;
        const start = trace.now();
        const out = fn(input) as O;
        trace.onTask({ workerId: 0, method: kernel, start, end: trace.now(), ok: true });
        return out;
      });
    },
  };
}

/** Sends every input to the pool at once; idle workers take the next one. */
export function poolExecutor(pool: Pool<BenchWorkerApi>, workload: Workload<any>): Executor {
  return {
    parallelism: pool.size,
    map<I, O>(kernel: string, inputs: readonly I[]): Promise<O[]> {
      return Promise.all(inputs.map((input) => pool.api.runKernel(workload.name, kernel, input) as Promise<O>));
    },
  };
}

export type YieldMechanism = "setTimeout" | "messageChannel";

/** Hands control back to the event loop: one macrotask turn by the chosen mechanism. */
export function yielder(mechanism: YieldMechanism): { yieldNow(): Promise<void>; close(): void } {
  if (mechanism === "setTimeout") {
    return { yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)), close: () => {} };
  }
  // A message to ourselves: a macrotask without the timer clamp (≥1 ms in Node, ≥4 ms when nested in browsers).
  const channel = new MessageChannel();
  let wake: (() => void) | undefined;
  channel.port1.onmessage = () => wake?.();
  return {
    yieldNow: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

export interface Slicing {
  /** Parts every map is cut into. */
  slices: number;
  /**
   * Work between yields (ms), as a scheduler's time slice: a yield comes
   * after the first slice that ends this long after the last yield. 0 yields
   * after every slice. A quantum keeps the number of switches proportional
   * to the work, not to the maps a workload makes (spectral-norm's 40 maps
   * of 16 slices were 640 clamped timers a run).
   */
  quantumMs: number;
  now(): number;
}

/**
 * Concurrency on one thread: every map is cut into slices, run inline, with
 * a yield to the event loop once each quantum of work, so timers and I/O
 * callbacks get their turn in between.
 */
export function interleavedExecutor(
  workload: Workload<any>,
  yieldNow: () => Promise<void>,
  slicing: Slicing,
): Executor & { switches: number; trace?: InlineTrace } {
  let last = slicing.now();
  return {
    parallelism: 1,
    slices: slicing.slices,
    /** Yields so far: the context switches whose cost the scenario measures. */
    switches: 0,
    /** Set to record each slice (the gaps between them are the yields); unset for timed runs. */
    trace: undefined as InlineTrace | undefined,
    async map<I, O>(kernel: string, inputs: readonly I[]): Promise<O[]> {
      const fn = workload.kernels[kernel];
      if (!fn) throw new Error(`${workload.name} has no kernel "${kernel}"`);
      // A workload that cannot honour `slices` (noop's thousands of calls) still ends a slice only `slices` times.
      const every = Math.max(1, Math.ceil(inputs.length / slicing.slices));
      const out: O[] = [];
      for (const [i, input] of inputs.entries()) {
        const t = this.trace;
        const start = t?.now();
        out.push(fn(input) as O);
        if (t) t.onTask({ workerId: 0, method: kernel, start: start!, end: t.now(), ok: true });
        const sliceEnds = (i + 1) % every === 0 || i === inputs.length - 1;
        if (sliceEnds && slicing.now() - last >= slicing.quantumMs) {
          this.switches++;
          await yieldNow();
          last = slicing.now();
        }
      }
      return out;
    },
  };
}
