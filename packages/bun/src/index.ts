import { Pool, type PoolOptions } from "@threadlab/core/pool";
import { bunAdapter } from "./adapter.ts";

/**
 * Starts `options.size` Bun module Workers (default: one per CPU) running
 * the ES module at `url`, which must call `expose()` from `@threadlab/bun/worker`.
 *
 * ```ts
 * const pool = createPool<typeof import("./math.worker.ts")["api"]>(new URL("./math.worker.ts", import.meta.url));
 * const n = await pool.api.fib(30);
 * await pool.close();
 * ```
 */
export function createPool<T>(url: URL | string, options: PoolOptions = {}): Pool<T> {
  return new Pool<T>(bunAdapter, url, options);
}

export { bunAdapter };
export { Pool, PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError, WorkerStartError, transfer } from "@threadlab/core/pool";
export type { CallOptions, CloseOptions, Percentiles, PoolApi, PoolOptions, PoolStats, ResourceLimits, TaskRecord, Transport } from "@threadlab/core/pool";
