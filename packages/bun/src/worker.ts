import { serve, type Endpoint } from "@threadlab/core";

/**
 * Call once in your worker module to serve `api` to the pool.
 * Throws when the module is not running in a Worker.
 */
export function expose(api: object): void {
  if (Bun.isMainThread) throw new Error("@threadlab/bun/worker: expose() must run inside a Worker");
  serve(api, globalThis as unknown as Endpoint);
}

export { transfer } from "@threadlab/core";
