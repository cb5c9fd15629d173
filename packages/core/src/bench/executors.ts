import type { Pool } from "../pool/pool.ts";
import type { Executor, Workload } from "../workloads/types.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

/** Runs kernels on the calling thread, one after another. */
export function inlineExecutor(workload: Workload<any>): Executor {
  return {
    parallelism: 1,
    async map<I, O>(kernel: string, inputs: readonly I[]): Promise<O[]> {
      const fn = workload.kernels[kernel];
      if (!fn) throw new Error(`${workload.name} has no kernel "${kernel}"`);
      return inputs.map((input) => fn(input) as O);
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
