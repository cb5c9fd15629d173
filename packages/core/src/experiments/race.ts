import { CONTROL, type BenchWorkerApi } from "../bench-kit/worker-api.ts";
import { VerificationError } from "../workloads/verification-error.ts";
import type { Plan } from "../schema/plan.ts";
import { Pool } from "../pool/pool.ts";
import type { RaceResult } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { summarize } from "../stats/stats.ts";
import { settledLater, until } from "./measure.ts";
import { byPreset } from "../workloads/types.ts";
import type { Skip } from "./run-experiments.ts";

/**
 * The race demo: n workers increment one shared counter. Plain
 * read-modify-write loses updates; `Atomics.add` and a lock built on
 * `Atomics.wait`/`notify` lose none, at a price.
 */
export async function raceExperiment(plan: Plan, adapter: RuntimeAdapter, skip: Skip): Promise<RaceResult> {
  // Contention needs two threads; more than the cores would time the scheduler, not the counter.
  const threads = Math.max(2, Math.min(adapter.cpuCount(), ...plan.threads));
  const incrementsPerThread = byPreset(plan.preset, [10_000, 20_000, 100_000, 1_000_000]);
  const result: RaceResult = { threads, incrementsPerThread, runs: [] };
  if (typeof SharedArrayBuffer === "undefined") {
    skip("all", "not applicable: SharedArrayBuffer is unavailable here");
    return result;
  }
  const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: threads, timeout: plan.taskTimeoutMs });
  try {
    await pool.ready();
    const expected = threads * incrementsPerThread;
    for (const mode of ["plain", "atomic", "lock"] as const) {
      const lost: number[] = [];
      const times: number[] = [];
      for (let i = 0; i <= plan.samples; i++) {
        const control = new SharedArrayBuffer(CONTROL.words * 4);
        const a = new Int32Array(control);
        const calls = settledLater(Array.from({ length: threads }, () => pool.api.race(control, mode, incrementsPerThread)));
        // Every worker waits at the barrier so they all start together and really contend.
        await Promise.race([until(() => Atomics.load(a, CONTROL.ready) === threads), calls]);
        const t0 = adapter.now();
        Atomics.store(a, CONTROL.go, 1);
        await calls;
        const ms = adapter.now() - t0;
        const missing = expected - Atomics.load(a, CONTROL.counter);
        // Synchronised increments that lose updates are a broken lock: a failure, never a data point.
        if (mode !== "plain" && missing !== 0) throw new VerificationError(`race (${mode})`, `${expected}`, `${expected - missing}`);
        if (i === 0) continue; // warm-up
        times.push(ms);
        lost.push(missing);
      }
      result.runs.push({ mode, expected, lost, summary: summarize(times) });
    }
    return result;
  } finally {
    await pool.close();
  }
}
