import { Worker } from "node:worker_threads";
import type { Contender, Method } from "../contender.ts";
import { installedVersion, workerFile } from "../paths.ts";

type Remote = Record<Method, (a: number, b: number) => Promise<number>>;

/**
 * No pool at all: N comlink proxies called in turn, the floor of any pool
 * built on comlink's RPC over postMessage (threadlab's was, before its calls
 * moved to shared memory). Round-robin ignores which worker is idle, so it
 * may queue behind a busy one.
 */
export function comlinkRoundRobin(): Contender {
  let workers: Worker[] = [];
  let remotes: Remote[] = [];
  let next = 0;
  let failure: Error | undefined;
  return {
    name: "comlink-rr",
    version: installedVersion("comlink"),
    async start(threads) {
      // The ESM files by path: comlink has no "exports" and its "main" is the UMD build.
      const { wrap } = await import("comlink/dist/esm/comlink.mjs");
      const { default: nodeEndpoint } = await import("comlink/dist/esm/node-adapter.mjs");
      const failed = new Promise<never>((_, reject) => {
        workers = Array.from({ length: threads }, () => {
          const w = new Worker(workerFile("comlink.worker.mjs"));
          // Bare comlink never hears that a worker died: keep the reason (an unheard "error" would crash the CLI)
          // and fail later calls with it; a call already sent to the dead worker is left to the race's time limit.
          w.on("error", (error) => {
            failure ??= error;
            reject(error);
          });
          return w;
        });
      });
      failed.catch(() => undefined);
      remotes = workers.map((w) => wrap(nodeEndpoint(w)) as Remote);
      // One answer from each proves its module loaded and called expose().
      await Promise.race([Promise.all(remotes.map((r) => r.add(0, 0))), failed]);
    },
    call(method, a, b) {
      if (failure) return Promise.reject(failure);
      const remote = remotes[next++ % remotes.length]!;
      return remote[method](a, b);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
      workers = [];
      remotes = [];
    },
  };
}
