import { getHeapStatistics } from "node:v8";
import { isMainThread, parentPort } from "node:worker_threads";
import { nodeEndpoint, serve, serveInProcess } from "@threadlab/core/pool";

/**
 * Call once in your worker module to serve `api` to the pool. It may come
 * after top-level `await`s: the pool sends nothing before this has run.
 * Throws when the module is not running in a worker thread.
 *
 * The pool starts workers with Deno's `node:worker_threads` (see README:
 * a thread stuck in a loop cannot be stopped either way, but only these let
 * the process exit), so the API is served on `parentPort`.
 */
export function expose(api: object): void {
  const options = { heapUsed: () => getHeapStatistics().used_heap_size };
  if (serveInProcess(api, options)) return; // a child process of a pool with isolation: "process"
  if (isMainThread || !parentPort) {
    throw new Error("@threadlab/deno/worker: expose() must run inside a worker started by @threadlab/deno");
  }
  serve(api, nodeEndpoint(parentPort), options);
}

export { transfer } from "@threadlab/core/pool";
