import { pooled, type Contender } from "../contender.ts";

interface WorkerpoolPool {
  exec(method: string, params: unknown[]): Promise<number>;
  terminate(force?: boolean): Promise<unknown>;
}

/**
 * `file`: the worker's path (workers/workerpool.worker.mjs). `workerType`
 * "thread" (node:worker_threads) in Node and Deno; in Bun "web" (its global
 * Worker), because there a worker_threads worker sees Web Worker globals,
 * answers on that channel, and workerpool never hears back.
 */
export function workerpool(file: string, version: string, workerType: "thread" | "web" = "thread"): Contender {
  return pooled({
    name: "workerpool",
    version,
    async open(threads) {
      const { default: wp } = (await import("workerpool")) as unknown as { default: { pool(script: string, options: object): WorkerpoolPool } };
      // An explicit workerType: its default "auto" could pick child processes; minWorkers starts them now.
      return wp.pool(file, { workerType, minWorkers: threads, maxWorkers: threads });
    },
    // workerpool returns its own Promise class; wrapping keeps the race on native promises like the others.
    call: (pool, method, a, b) => Promise.resolve(pool.exec(method, [a, b])),
    close: (pool) => pool.terminate(true),
  });
}
