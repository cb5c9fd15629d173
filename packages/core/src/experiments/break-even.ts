import type { BenchWorkerApi } from "../bench/worker-api.ts";
import type { Plan } from "../plan.ts";
import { Pool } from "../pool/pool.ts";
import type { BreakEvenResult } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { scaling, summarize } from "../stats.ts";
import { spin } from "../workloads/spin.ts";
import { byPreset } from "../workloads/types.ts";
import type { Skip } from "./run-experiments.ts";
import { calibrateSpin, checkSpin, spinDigest, spinInputs, spinOn } from "./spin-work.ts";

/** Work per call swept, in microseconds of the calibrated kernel: 1 µs to 10 ms in half-decade steps. */
export const TASK_US = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000] as const;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Calls per run at `taskUs`: about `workMs` of work in all, at least two
 * calls per worker at the widest count, at most `maxTasks` (a 1 µs call
 * costs far more to send than to run), and a multiple of every worker count
 * where that stays small, so no worker is left with one call more.
 */
export function tasksFor(taskUs: number, threads: readonly number[], workMs: number, maxTasks: number): number {
  const widest = Math.max(...threads);
  const lcm = threads.reduce((a, b) => (a * b) / gcd(a, b), 1);
  const step = lcm <= 4 * widest ? lcm : widest;
  const wanted = Math.max(2 * widest, Math.min(maxTasks, Math.round((workMs * 1000) / taskUs)));
  return Math.ceil(wanted / step) * step;
}

/** Worker counts for the sweep: the plan's that fit the cores (more would time the scheduler), or its smallest. */
export function breakEvenThreads(planThreads: readonly number[], cores: number): number[] {
  const fitting = planThreads.filter((t) => t <= cores);
  return fitting.length ? fitting : [Math.min(...planThreads)];
}

/**
 * "When is a worker worth it?": the same batch of calls, inline and through
 * a pool of n workers, as the work per call grows from about 1 µs to 10 ms.
 * Sequential and every workers(n) take turns within each sample round, so
 * drift in the machine's speed falls on all of them alike. The sizes and
 * samples are fixed by the preset, so its time is bounded by design.
 */
export async function breakEvenExperiment(plan: Plan, adapter: RuntimeAdapter, _skip: Skip): Promise<BreakEvenResult> {
  const samples = byPreset(plan.preset, [3, 3, 5, 10]);
  const workMs = byPreset(plan.preset, [4, 4, 10, 50]);
  const maxTasks = byPreset(plan.preset, [400, 400, 1_000, 5_000]);
  const threads = breakEvenThreads(plan.threads, adapter.cpuCount());
  const itersPerUs = calibrateSpin(adapter);
  const pools = new Map<number, Pool<BenchWorkerApi>>();
  try {
    for (const n of threads) {
      const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: n, timeout: plan.taskTimeoutMs, name: "threadlab-break-even" });
      pools.set(n, pool);
      await pool.ready();
    }
    const points: BreakEvenResult["points"] = [];
    for (const taskUs of TASK_US) {
      const iterations = Math.max(1, Math.round(taskUs * itersPerUs));
      const tasks = tasksFor(taskUs, threads, workMs, maxTasks);
      const inputs = spinInputs(iterations, tasks);
      const expected = spinDigest(inputs.map(spin));
      const inline = () => {
        const t0 = adapter.now();
        const answers = inputs.map(spin);
        const ms = adapter.now() - t0;
        checkSpin(`break-even sequential ${taskUs} µs`, expected, answers);
        return ms;
      };
      const offloaded = async (n: number) => {
        const pool = pools.get(n)!;
        const t0 = adapter.now();
        const answers = await spinOn(pool, inputs);
        const ms = adapter.now() - t0;
        checkSpin(`break-even workers(${n}) ${taskUs} µs`, expected, answers);
        return ms;
      };
      const seq: number[] = [];
      const par = new Map<number, number[]>(threads.map((n) => [n, []]));
      // Round 0 warms every mode up at this size and is not kept.
      for (let round = 0; round <= samples; round++) {
        const s = inline();
        if (round > 0) seq.push(s);
        for (const n of threads) {
          const p = await offloaded(n);
          if (round > 0) par.get(n)!.push(p);
        }
      }
      const sequential = summarize(seq);
      points.push({
        taskUs,
        iterations,
        tasks,
        sequential,
        workers: threads.map((n) => {
          const summary = summarize(par.get(n)!);
          const ratio = scaling(sequential, summary, n);
          return { threads: n, summary, ...(ratio ? { speedup: ratio.speedup, efficiency: ratio.efficiency } : {}) };
        }),
      });
    }
    return { itersPerUs, workMs, threads, points };
  } finally {
    for (const pool of pools.values()) await pool.close();
  }
}
