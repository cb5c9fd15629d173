import { Pool, type PoolOptions } from "@threadlab/core/pool";
import { webHost } from "./host.ts";

/**
 * Starts `options.size` module Web Workers (default: `navigator.hardwareConcurrency`)
 * running the ES module at `url`, which must call `expose()` from `@threadlab/web/worker`.
 *
 * ```ts
 * const pool = createPool<MathApi>(new URL("./math.worker.js", import.meta.url));
 * const n = await pool.api.fib(30);
 * await pool.close();
 * ```
 */
export function createPool<T>(url: URL | string, options: PoolOptions = {}): Pool<T> {
  return new Pool<T>(webHost, url, options);
}

export { createWebAdapter, webAdapter, type WebAdapterOptions } from "./adapter.ts";
export { webHost } from "./host.ts";
export { Pool, PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError, WorkerStartError, transfer } from "@threadlab/core/pool";
export type { CallOptions, CloseOptions, Percentiles, PoolApi, PoolOptions, PoolStats, ResourceLimits, TaskRecord, Transport } from "@threadlab/core/pool";
