import { getHeapStatistics } from "node:v8";
import { parentPort } from "node:worker_threads";
import { nodeEndpoint, serve, serveInProcess } from "@threadlab/core/pool";

/**
 * Call once at the top of your worker module to serve `api` to the pool.
 * Throws when the module is not running in a worker thread.
 */
export function expose(api: object): void {
  const options = { heapUsed: () => getHeapStatistics().used_heap_size };
  if (serveInProcess(api, options)) return; // a child process of a pool with isolation: "process"
  if (!parentPort) throw new Error("@threadlab/node/worker: expose() must run inside a worker thread");
  serve(api, nodeEndpoint(parentPort), options);
}

export { transfer } from "@threadlab/core/pool";
