import { poolExecutor } from "../bench-kit/executors.ts";
import { warmPool } from "../bench-kit/warm-pool.ts";
import { byPreset, type PerPreset } from "../workloads/types.ts";
import { Pool } from "../pool/pool.ts";
import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import type { ExecuteContext, Execution, Step } from "./types.ts";

/** Echo calls that warm a fresh pool's call path, and the most time they may take (ms), by preset: smoke, quick, default, full. */
const POOL_WARMUP: PerPreset<[calls: number, maxMs: number]> = [
  [512, 20],
  [1024, 40],
  [3072, 120],
  [5120, 250],
];

/** A ready pool of `step.threads` bench workers from `source`; its start-up time goes on the scenario. */
export async function startPool({ workload, threads }: Step, source: RuntimeAdapter, { plan, adapter, record, scenario }: ExecuteContext): Promise<Pool<BenchWorkerApi>> {
  const t0 = adapter.now();
  const pool = new Pool<BenchWorkerApi>(source, adapter.benchWorkerUrl, {
    size: threads,
    timeout: plan.taskTimeoutMs,
    name: `threadlab-${workload.name}`,
    onTask: record,
  });
  try {
    await pool.ready();
    scenario.startupMs = adapter.now() - t0;
    // Not in the start-up figure, which tells users what starting a pool costs.
    const [calls, maxMs] = byPreset(plan.preset, POOL_WARMUP);
    scenario.poolWarmup = await warmPool(pool, () => adapter.now(), calls, maxMs);
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}

/** The workload's parts handed to a pool's workers from `source` (threads or processes), one call per part. */
export async function splitOverPool(step: Step, source: RuntimeAdapter, context: ExecuteContext): Promise<Execution> {
  const pool = await startPool(step, source, context);
  const exec = poolExecutor(pool, step.workload);
  return { run: () => step.workload.run(step.size, exec), close: () => pool.close() };
}
