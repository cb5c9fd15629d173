import type { Contender } from "../contender.ts";
import { installedVersion, workerFile } from "../paths.ts";

interface PoolifierPool {
  execute(data: unknown, name: string): Promise<number>;
  destroy(): Promise<void>;
}

export function poolifier(): Contender {
  let pool: PoolifierPool | undefined;
  return {
    name: "poolifier",
    version: installedVersion("poolifier"),
    async start(threads) {
      const { FixedThreadPool } = (await import("poolifier")) as unknown as {
        FixedThreadPool: new (threads: number, file: string) => PoolifierPool;
      };
      // Its defaults (least-used choice, no pool-side queue) are what a user gets out of the box.
      pool = new FixedThreadPool(threads, workerFile("poolifier.worker.mjs"));
    },
    call: (method, a, b) => pool!.execute([a, b], method),
    async close() {
      await pool?.destroy();
    },
  };
}
