import { LagMonitor } from "../bench-kit/lag-monitor.ts";
import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import type { Plan } from "../schema/plan.ts";
import { Pool } from "../pool/pool.ts";
import type { ResponsivenessResult } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { median } from "../stats/stats.ts";
import { mandelbrot } from "../workloads/mandelbrot.ts";
import { byPreset } from "../workloads/types.ts";
import type { Skip } from "./run-experiments.ts";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The chef analogy: a 10 ms ticker on the calling thread while a long CPU
 * job runs inline (the chef cooks; nobody answers the door) and in a worker
 * (an assistant cooks; the chef stays free).
 */
export async function responsivenessExperiment(plan: Plan, adapter: RuntimeAdapter, _skip: Skip): Promise<ResponsivenessResult> {
  const size = byPreset(plan.preset, [400, 400, 1000, 4000]);
  const input = { size, y0: 0, y1: size };
  const rows = mandelbrot.kernels.rows!;
  const result: ResponsivenessResult = { workload: "mandelbrot", size, runs: [] };

  const observe = async (where: "inline" | "worker", job: () => Promise<unknown>) => {
    await job(); // warm-up
    const lag = new LagMonitor(() => adapter.now());
    const durations: number[] = [];
    lag.start();
    try {
      for (let i = 0; i < plan.samples; i++) {
        await settle(20);
        const t0 = adapter.now();
        await job();
        durations.push(adapter.now() - t0);
      }
      await settle(20);
    } finally {
      // A ticker left running would keep the runner's event loop alive forever.
      const ticks = lag.ticks;
      const lagMs = lag.stop();
      if (durations.length === plan.samples) result.runs.push({ where, durationMs: median(durations), ticks, lagMs });
    }
  };

  await observe("inline", async () => rows(input));
  const pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, { size: 1, timeout: plan.taskTimeoutMs });
  try {
    await pool.ready();
    await observe("worker", () => pool.api.runKernel("mandelbrot", "rows", input));
  } finally {
    await pool.close();
  }
  return result;
}
