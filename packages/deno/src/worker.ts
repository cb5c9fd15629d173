import { isMainThread, parentPort } from "node:worker_threads";
import { serve } from "@threadlab/core";
import { CONTROL, type ControlMessage } from "./control.ts";
import { nodeEndpoint } from "./endpoint.ts";

/**
 * Call once in your worker module to serve `api` to the pool. It may come
 * after top-level `await`s: the pool holds its calls until this has run.
 * Throws when the module is not running in a worker thread.
 *
 * The pool starts workers with Deno's `node:worker_threads` (see README:
 * unlike Deno's Web Worker, its terminate() ends a thread stuck in a loop),
 * so the API is served on `parentPort`.
 */
export function expose(api: object): void {
  if (isMainThread || !parentPort) {
    throw new Error("@threadlab/deno/worker: expose() must run inside a worker started by @threadlab/deno");
  }
  serve(api, nodeEndpoint(parentPort));
  parentPort.postMessage({ [CONTROL]: "ready" } satisfies ControlMessage);
}

export { transfer } from "@threadlab/core";
