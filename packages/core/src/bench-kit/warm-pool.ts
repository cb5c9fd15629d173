import type { Pool } from "../pool/pool.ts";
import type { Scenario } from "../schema/result.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

/** Calls per warm-up batch: enough in flight that every worker takes many. */
const BATCH = 256;

/** The shapes the workloads send and get back: a number, a plain object of numbers, typed arrays, an array, a string. */
const VALUES: readonly unknown[] = [1, { size: 200, y0: 3, y1: 9 }, new Uint8Array(400), new Float64Array(64), [1, 2, 3], "x"];

/**
 * Brings a fresh pool's call path (the worker's loop and the value encoding,
 * for every shape the workloads use) to the JIT state the calling thread's
 * side already has: `calls` echo calls, rounded up to whole batches, fewer
 * where the next batch would end past `maxMs` (the first always runs). Without
 * it, the pool's rows were measured while its workers still ran that code
 * cold: mandelbrot N=200 `workers(1)`, eight fresh processes, took 2.17-2.61 ms
 * a run after four warm-up samples, against 2.11-2.18 ms after 1,500 echo
 * calls (four samples too), and `workers(2)` 1.49-2.08 ms against 1.26-1.68.
 */
export async function warmPool(pool: Pool<BenchWorkerApi>, now: () => number, calls: number, maxMs: number): Promise<NonNullable<Scenario["poolWarmup"]>> {
  const t0 = now();
  let done = 0;
  let batchMs = 0;
  // Another batch only where it would end within maxMs, judged by the last one (the first always runs).
  while (done < calls && now() - t0 + batchMs <= maxMs) {
    const b0 = now();
    await Promise.all(Array.from({ length: BATCH }, (_, i) => pool.api.runKernel("noop", "echo", VALUES[i % VALUES.length])));
    batchMs = now() - b0;
    done += BATCH;
  }
  return { calls: done, ms: now() - t0 };
}
