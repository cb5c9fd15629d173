import type { Executor, Workload } from "../src/workloads/types.ts";

export interface SplitExecutor extends Executor {
  /** Number of inputs each `map` call received, in call order. */
  readonly calls: Array<{ kernel: string; inputs: number }>;
}

/**
 * An executor that claims `parallelism` workers but runs every kernel inline,
 * structured-cloning inputs and outputs as a worker message would. It makes a
 * workload take its split path (parts, combine, start indices, batches)
 * without starting any worker.
 */
export function splitExecutor(workload: Workload<any>, parallelism: number): SplitExecutor {
  const calls: Array<{ kernel: string; inputs: number }> = [];
  return {
    parallelism,
    calls,
    async map<I, O>(kernel: string, inputs: readonly I[]): Promise<O[]> {
      const fn = workload.kernels[kernel];
      if (!fn) throw new Error(`${workload.name} has no kernel "${kernel}"`);
      calls.push({ kernel, inputs: inputs.length });
      // Out of order completion must not matter: results are returned in input order.
      const results = await Promise.all(
        inputs.map(async (input, i) => {
          if (i % 2 === 1) await Promise.resolve();
          return structuredClone(fn(structuredClone(input))) as O;
        }),
      );
      return results;
    },
  };
}
