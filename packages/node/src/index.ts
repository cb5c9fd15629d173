import { Pool, type PoolOptions } from "@threadlab/core/pool";
import { nodeAdapter } from "./adapter.ts";

/**
 * Starts `options.size` worker threads (default: one per CPU) running the ES
 * module at `url`, which must call `expose()` from `@threadlab/node/worker`.
 *
 * ```ts
 * const pool = createPool<typeof import("./math.worker.js")["api"]>(new URL("./math.worker.js", import.meta.url));
 * const n = await pool.api.fib(30);
 * await pool.close();
 * ```
 */
export function createPool<T>(url: URL | string, options: PoolOptions = {}): Pool<T> {
  return new Pool<T>(nodeAdapter, url, options);
}

export { nodeAdapter };
export { Pool, PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError, WorkerStartError, transfer } from "@threadlab/core/pool";
export type { CallOptions, CloseOptions, Percentiles, PoolApi, PoolOptions, PoolStats, ResourceLimits, TaskRecord, Transport } from "@threadlab/core/pool";
