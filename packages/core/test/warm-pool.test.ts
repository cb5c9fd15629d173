import { describe, expect, test } from "vitest";
import { warmPool } from "../src/bench-kit/warm-pool.ts";
import type { Pool } from "../src/pool/pool.ts";
import type { BenchWorkerApi } from "../src/bench-kit/worker-api.ts";

/** A pool that only counts what it is asked to echo, on a clock that moves `stepMs` a call. */
function countingPool(clock: { t: number }, stepMs: number) {
  const seen: unknown[] = [];
  const pool = {
    api: {
      runKernel: async (workload: string, kernel: string, input: unknown) => {
        expect([workload, kernel]).toEqual(["noop", "echo"]);
        clock.t += stepMs;
        seen.push(input);
        return input;
      },
    },
  } as unknown as Pool<BenchWorkerApi>;
  return { pool, seen };
}

describe("a fresh pool's warm-up (echo calls of every value shape)", () => {
  test("sends every shape the workloads use, in batches, up to the call count", async () => {
    const clock = { t: 0 };
    const { pool, seen } = countingPool(clock, 0);
    const w = await warmPool(pool, () => clock.t, 1000, 60);
    expect(w.calls).toBe(1024); // whole batches of 256
    expect(seen).toHaveLength(1024);
    const kinds = new Set(seen.map((v) => (ArrayBuffer.isView(v) ? v.constructor.name : Array.isArray(v) ? "array" : typeof v)));
    expect([...kinds].sort()).toEqual(["Float64Array", "Uint8Array", "array", "number", "object", "string"]);
  });

  test("stops before a batch that would end past its time limit, judged by the last batch; the first always runs", async () => {
    const clock = { t: 0 };
    const { pool } = countingPool(clock, 0.1); // 25.6 ms a batch
    const w = await warmPool(pool, () => clock.t, 100_000, 60);
    expect(w.calls).toBe(512);
    expect(w.ms).toBeCloseTo(51.2, 6);
    const slowClock = { t: 0 };
    const slow = countingPool(slowClock, 1); // 256 ms a batch, past the limit on its own
    expect((await warmPool(slow.pool, () => slowClock.t, 100_000, 60)).calls).toBe(256);
  });
});
