import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import type { Plan } from "../schema/plan.ts";
import { Pool, type TaskRecord } from "../pool/pool.ts";
import type { SingleCoreResult, SingleCoreRun } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { median, summarize } from "../stats/stats.ts";
import { spin } from "../workloads/spin.ts";
import { switchCounter, type SwitchCounts } from "./context-switches.ts";
import { byPreset } from "../workloads/types.ts";
import type { Skip } from "./run-experiments.ts";
import { checkSpin, spinDigest, spinInputs, spinOn } from "./spin-work.ts";

/** Worker counts: one, and more tasks than one core can run at once. */
export const SINGLE_CORE_WORKERS = [1, 2, 4] as const;

/**
 * The seed's single core: the same CPU work split over n = 1, 2, 4 workers,
 * one call each, timed with the context switches the OS counted meanwhile.
 * This runs on whatever cores the runner may use; the aggregator runs it a
 * second time in a runner confined to core 0 (`taskset -c 0`), where every
 * worker must take turns: each still finishes, none sooner, and the turns
 * cost switches and time.
 */
export async function singleCoreExperiment(plan: Plan, adapter: RuntimeAdapter, skip: Skip): Promise<SingleCoreResult | undefined> {
  const counter = await switchCounter();
  if (!counter) {
    skip("all", "not applicable: nothing here reads the operating system's context-switch counts (no process.resourceUsage() or /proc, as in a browser page)");
    return undefined;
  }
  const samples = byPreset(plan.preset, [2, 3, 5, 10]);
  const workMs = byPreset(plan.preset, [20, 40, 60, 200]);
  // Calibrated once, in a worker, where the work runs: the confined runner is handed the first runner's rate
  // (plan.spinItersPerUs), so both halves run the same calls. Calibrated on each runner's main thread, Deno's two
  // one-worker rows once took 30.4 and 62.7 ms for "60 ms" of work: its main thread had measured half the rate.
  const itersPerUs = plan.spinItersPerUs ?? (await rateInAWorker(adapter, plan.taskTimeoutMs));
  const iterations = Math.round(workMs * 1000 * itersPerUs);
  const runs: SingleCoreRun[] = [];
  for (const n of SINGLE_CORE_WORKERS) {
    const inputs = spinInputs(Math.round(iterations / n), n);
    const expected = spinDigest(inputs.map(spin));
    let records: TaskRecord[] = [];
    const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, {
      size: n,
      timeout: plan.taskTimeoutMs,
      name: "threadlab-single-core",
      onTask: (r) => records.push(r),
    });
    try {
      await pool.ready();
      const times: number[] = [];
      const switches: SwitchCounts[] = [];
      const first: number[] = [];
      const last: number[] = [];
      let done = 0;
      let workersUsed = 0;
      for (let i = 0; i <= samples; i++) {
        records = [];
        const before = await counter.read();
        const t0 = adapter.now();
        const answers = await spinOn(pool, inputs);
        const ms = adapter.now() - t0;
        const after = await counter.read();
        checkSpin(`single-core workers(${n})`, expected, answers);
        if (i === 0) continue; // warm-up
        times.push(ms);
        switches.push({ voluntary: after.voluntary - before.voluntary, involuntary: after.involuntary - before.involuntary });
        const ends = records.filter((r) => r.ok).map((r) => r.end - t0);
        done = Math.min(i === 1 ? ends.length : done, ends.length);
        workersUsed = Math.max(workersUsed, new Set(records.map((r) => r.workerId)).size);
        first.push(Math.min(...ends) / ms);
        last.push(Math.max(...ends) / ms);
      }
      const perSecond = (pick: (s: SwitchCounts) => number) => median(switches.map((s, k) => pick(s) / (times[k]! / 1000)));
      runs.push({
        workers: n,
        summary: summarize(times),
        switches: { voluntary: median(switches.map((s) => s.voluntary)), involuntary: median(switches.map((s) => s.involuntary)) },
        switchesPerSecond: { voluntary: perSecond((s) => s.voluntary), involuntary: perSecond((s) => s.involuntary) },
        completion: { tasks: n, done, workers: workersUsed, firstDone: median(first), lastDone: median(last) },
      });
    } finally {
      await pool.close();
    }
  }
  return { workMs, itersPerUs, samples, allCores: { cores: adapter.cpuCount(), source: counter.source, iterations, runs } };
}

/** The spin kernel's rate in a fresh worker, as the experiment's own workers will run it. */
async function rateInAWorker(adapter: RuntimeAdapter, timeout: number): Promise<number> {
  const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: 1, timeout, name: "threadlab-single-core" });
  try {
    return await pool.api.spinRate(5);
  } finally {
    await pool.close();
  }
}
