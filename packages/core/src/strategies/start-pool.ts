import { poolExecutor } from "../bench/executors.ts";
import { warmPool } from "../bench/warm-pool.ts";
import { byPreset, type PerPreset } from "../workloads/types.ts";
import { Pool } from "../pool/pool.ts";
import type { BenchWorkerApi } from "../bench/worker-api.ts";
import type { RuntimeAdapter } from "../seam.ts";
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

/**
 * Wakes every worker of `pool` before a sample: the rows of a workload take
 * turns, and a worker idle through the other rows' turns has gone to sleep,
 * to be woken by the sample's first call (up to milliseconds on a VM), where
 * back-to-back runs find it polling. `threads` calls that each wait at one
 * gate until all have arrived, so each is on its own worker; plain pings
 * where no memory is shared (child processes).
 */
export function primer(pool: Pool<BenchWorkerApi>, threads: number): () => Promise<void> {
  const shared = typeof SharedArrayBuffer !== "undefined" && pool.stats.transport === "shared-memory";
  return async () => {
    if (!shared) {
      await Promise.all(Array.from({ length: threads }, () => pool.api.ping()));
      return;
    }
    const gate = new SharedArrayBuffer(8);
    new Int32Array(gate)[1] = threads;
    await Promise.all(Array.from({ length: threads }, () => pool.api.timedSpin({ iterations: 1, seed: 1 }, gate)));
  };
}

/** The workload's parts handed to a pool's workers from `source` (threads or processes), one call per part. */
export async function splitOverPool(step: Step, source: RuntimeAdapter, context: ExecuteContext): Promise<Execution> {
  const pool = await startPool(step, source, context);
  const exec = poolExecutor(pool, step.workload);
  return { run: () => step.workload.run(step.size, exec), prime: primer(pool, step.threads), close: () => pool.close() };
}
