import type { Contender } from "../contender.ts";

interface PoolifierPool {
  execute(data: unknown, name: string): Promise<number>;
  destroy(): Promise<void>;
}

/** `file`: the worker's path (workers/poolifier.worker.mjs). Runs in Node and Bun. */
export function poolifier(file: string, version: string): Contender {
  let pool: PoolifierPool | undefined;
  return {
    name: "poolifier",
    version,
    async start(threads) {
      const { FixedThreadPool } = (await import("poolifier")) as unknown as {
        FixedThreadPool: new (threads: number, file: string) => PoolifierPool;
      };
      // Its defaults (least-used choice, no pool-side queue) are what a user gets out of the box.
      pool = new FixedThreadPool(threads, file);
    },
    call: (method, a, b) => pool!.execute([a, b], method),
    async close() {
      await pool?.destroy();
    },
  };
}
