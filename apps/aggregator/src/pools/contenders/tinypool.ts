import type { Contender } from "../contender.ts";
import { installedVersion, workerFile } from "../paths.ts";

interface TinypoolPool {
  run(task: unknown, options: { name: string }): Promise<number>;
  destroy(): Promise<void>;
}

export function tinypool(): Contender {
  let pool: TinypoolPool | undefined;
  return {
    name: "tinypool",
    version: installedVersion("tinypool"),
    async start(threads) {
      const { Tinypool } = (await import("tinypool")) as unknown as { Tinypool: new (options: object) => TinypoolPool };
      // min = max: a fixed pool like every other contender, no threads started or retired mid-measurement.
      pool = new Tinypool({ filename: workerFile("tinypool.worker.mjs"), minThreads: threads, maxThreads: threads });
    },
    call: (method, a, b) => pool!.run([a, b], { name: method }),
    async close() {
      await pool?.destroy();
    },
  };
}
