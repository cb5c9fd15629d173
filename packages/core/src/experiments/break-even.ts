import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import type { Plan } from "../schema/plan.ts";
import { Pool } from "../pool/pool.ts";
import type { BreakEvenResult } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { medianCi, median, pairedRatio, ratioHalfWidth, summarize } from "../stats/stats.ts";
import { spin } from "../workloads/spin.ts";
import { byPreset, type PerPreset } from "../workloads/types.ts";
import { shuffle } from "../bench-kit/shuffle.ts";
import type { Skip } from "./run-experiments.ts";
import { calibrateSpin, checkSpin, spinDigest, spinInputs, spinOn } from "./spin-work.ts";

/**
 * Work per call swept (µs of the calibrated kernel), by preset. Every point
 * gets the rounds a decision needs, so a preset with less time drops sizes
 * rather than samples: quick keeps the decades, default adds the half-decades,
 * smoke (which only shows that it runs) keeps two.
 */
export const TASK_US: PerPreset<readonly number[]> = [
  [10, 1_000],
  [1, 10, 100, 1_000],
  [1, 3, 10, 30, 100, 300, 1_000, 3_000],
  [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000],
];

/** Calls each worker takes at the least in one run, at every size: fewer, and one call's hiccup is the run's. */
export const CALLS_PER_WORKER = 8;

/** Rounds every point takes: six pairs are the fewest whose median interval covers 95%. */
export const MIN_ROUNDS = 6;
const MAX_ROUNDS = 40;

/** A point samples on while its widest count's ratio interval is wider than ± this, within the point's share of the time. */
export const POINT_PRECISION = 0.05;

/** Time for the whole sweep (ms) by preset, shared out among the points; the floors are kept whatever it says. */
const SWEEP_MS: PerPreset<number> = [1_200, 1_500, 4_000, 20_000];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Calls per run at `taskUs`: about `workMs` of work in all, at most
 * `maxTasks` (a 1 µs call costs far more to send than to run), but never
 * fewer than CALLS_PER_WORKER per worker at the widest count; and a multiple
 * of every worker count where that stays small, so no worker is left with
 * one call more.
 */
export function tasksFor(taskUs: number, threads: readonly number[], workMs: number, maxTasks: number): number {
  const widest = Math.max(...threads);
  const lcm = threads.reduce((a, b) => (a * b) / gcd(a, b), 1);
  const step = lcm <= 4 * widest ? lcm : widest;
  const wanted = Math.max(CALLS_PER_WORKER * widest, Math.min(maxTasks, Math.round((workMs * 1000) / taskUs)));
  return Math.ceil(wanted / step) * step;
}

/** Worker counts for the sweep: the plan's that fit the cores (more would time the scheduler), or its smallest. */
export function breakEvenThreads(planThreads: readonly number[], cores: number): number[] {
  const fitting = planThreads.filter((t) => t <= cores);
  return fitting.length ? fitting : [Math.min(...planThreads)];
}

/**
 * "When is a worker worth it?": the same batch of calls, inline and through
 * a pool of n workers, as the work per call grows from about 1 µs to
 * milliseconds. Each round runs sequential and every workers(n) once, in a
 * new random order, and each speed-up is the median of the rounds' paired
 * ratios with its interval, so the report can decide from intervals: a
 * machine that drifts slows both sides of a pair. One worker cannot beat
 * inline; its row gives what a call through the pool costs on top.
 */
export async function breakEvenExperiment(plan: Plan, adapter: RuntimeAdapter, _skip: Skip, random: () => number = Math.random): Promise<BreakEvenResult> {
  const sizes = byPreset(plan.preset, TASK_US);
  const workMs = byPreset(plan.preset, [4, 4, 10, 50]);
  const maxTasks = byPreset(plan.preset, [400, 400, 1_000, 5_000]);
  const threads = breakEvenThreads(plan.threads, adapter.cpuCount());
  const itersPerUs = plan.spinItersPerUs ?? calibrateSpin(adapter);
  const sweepMs = byPreset(plan.preset, SWEEP_MS);
  const t0 = adapter.now();
  const pools = new Map<number, Pool<BenchWorkerApi>>();
  try {
    for (const n of threads) {
      const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: n, timeout: plan.taskTimeoutMs, name: "threadlab-break-even" });
      pools.set(n, pool);
      await pool.ready();
    }
    const points: BreakEvenResult["points"] = [];
    for (const [k, taskUs] of sizes.entries()) {
      const iterations = Math.max(1, Math.round(taskUs * itersPerUs));
      const tasks = tasksFor(taskUs, threads, workMs, maxTasks);
      const inputs = spinInputs(iterations, tasks);
      const expected = spinDigest(inputs.map(spin));
      // Mode 0 is sequential, mode i the i-th worker count.
      const modes = [0, ...threads];
      const runOnce = async (n: number) => {
        const start = adapter.now();
        const answers = n === 0 ? inputs.map(spin) : await spinOn(pools.get(n)!, inputs);
        const ms = adapter.now() - start;
        checkSpin(`break-even ${n === 0 ? "sequential" : `workers(${n})`} ${taskUs} µs`, expected, answers);
        return ms;
      };
      const times = modes.map((): number[] => []);
      // What is left of the sweep's time, shared out among the points still to come.
      const pointEnds = adapter.now() + Math.max(0, sweepMs - (adapter.now() - t0)) / (sizes.length - k);
      // Round 0 warms every mode up at this size and is not kept.
      for (let round = 0; ; round++) {
        const order = shuffle(modes.map((_, i) => i), random);
        const started = adapter.now();
        for (const i of order) {
          const ms = await runOnce(modes[i]!);
          if (round > 0) times[i]!.push(ms);
        }
        const rounds = times[0]!.length;
        if (rounds < MIN_ROUNDS) continue;
        if (rounds >= MAX_ROUNDS) break;
        const widest = pairedRatio(times[0]!, times.at(-1)!);
        if (widest && ratioHalfWidth(widest) <= POINT_PRECISION) break;
        if (adapter.now() + (adapter.now() - started) > pointEnds) break;
      }
      const sequential = summarize(times[0]!);
      points.push({
        taskUs,
        iterations,
        tasks,
        rounds: times[0]!.length,
        sequential,
        workers: threads.map((n, j) => {
          const own = times[j + 1]!;
          const summary = summarize(own);
          const r = pairedRatio(times[0]!, own);
          return {
            threads: n,
            summary,
            ...(r ? { speedup: { value: r.value, low: r.low, high: r.high }, efficiency: r.value / n } : {}),
            ...(n === 1 ? { overheadUs: overheadPerCall(times[0]!, own, tasks) } : {}),
          };
        }),
      });
    }
    return { itersPerUs, workMs, threads, points };
  } finally {
    for (const pool of pools.values()) await pool.close();
  }
}

/** What a call through one worker costs beyond running it inline (µs), from the rounds' pairs: the median of (worker − inline) ÷ calls, with its interval. */
export function overheadPerCall(inlineMs: readonly number[], workerMs: readonly number[], tasks: number): { value: number; low: number; high: number } {
  const each = workerMs.map((w, i) => ((w - inlineMs[i]!) * 1000) / tasks);
  const ci = medianCi(each);
  return { value: median(each), low: ci.low, high: ci.high };
}
