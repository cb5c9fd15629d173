import type { Contender } from "../contender.ts";
import { installedVersion, workerFile } from "../paths.ts";

interface WorkerpoolPool {
  exec(method: string, params: unknown[]): Promise<number>;
  terminate(force?: boolean): Promise<unknown>;
}

export function workerpool(): Contender {
  let pool: WorkerpoolPool | undefined;
  return {
    name: "workerpool",
    version: installedVersion("workerpool"),
    async start(threads) {
      const { default: wp } = (await import("workerpool")) as unknown as { default: { pool(script: string, options: object): WorkerpoolPool } };
      // workerType "thread": its default on Node is "auto", which could pick child processes; minWorkers starts them now.
      pool = wp.pool(workerFile("workerpool.worker.mjs"), { workerType: "thread", minWorkers: threads, maxWorkers: threads });
    },
    // workerpool returns its own Promise class; wrapping keeps the race on native promises like the others.
    call: (method, a, b) => Promise.resolve(pool!.exec(method, [a, b])),
    async close() {
      await pool?.terminate(true);
    },
  };
}
