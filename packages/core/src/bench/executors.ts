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
