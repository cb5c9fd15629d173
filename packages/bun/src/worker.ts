import { heapStats } from "bun:jsc";
import { serve, serveInProcess, type Endpoint } from "@threadlab/core/pool";

/**
 * Call once in your worker module to serve `api` to the pool.
 * Throws when the module is not running in a Worker.
 */
export function expose(api: object): void {
  // This worker's own JavaScriptCore heap, not the process's. Its capacity, because node:v8's used size
  // stays near zero in Bun and heapSize lags large arrays until a collection.
  const options = { heapUsed: () => heapStats().heapCapacity };
  if (serveInProcess(api, options)) return; // a child process of a pool with isolation: "process"
  if (Bun.isMainThread) throw new Error("@threadlab/bun/worker: expose() must run inside a Worker");
  serve(api, globalThis as unknown as Endpoint, options);
}

export { transfer } from "@threadlab/core/pool";
