import type { Contender } from "../contender.ts";

interface TinypoolPool {
  run(task: unknown, options: { name: string }): Promise<number>;
  destroy(): Promise<void>;
}

/** `file`: the worker's path (workers/tinypool.worker.mjs). Runs in Node and Bun. */
export function tinypool(file: string, version: string): Contender {
  let pool: TinypoolPool | undefined;
  return {
    name: "tinypool",
    version,
    async start(threads) {
      const { Tinypool } = (await import("tinypool")) as unknown as { Tinypool: new (options: object) => TinypoolPool };
      // min = max: a fixed pool like every other contender, no threads started or retired mid-measurement.
      pool = new Tinypool({ filename: file, minThreads: threads, maxThreads: threads });
    },
    call: (method, a, b) => pool!.run([a, b], { name: method }),
    async close() {
      await pool?.destroy();
    },
  };
}
