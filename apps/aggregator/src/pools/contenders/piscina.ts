import type { Contender } from "../contender.ts";

interface PiscinaPool {
  run(task: unknown, options: { name: string }): Promise<number>;
  destroy(): Promise<void>;
}

/** `file`: the worker's path (workers/piscina.worker.mjs). Runs in Node, Deno and Bun. */
export function piscina(file: string, version: string): Contender {
  let pool: PiscinaPool | undefined;
  return {
    name: "piscina",
    version,
    async start(threads) {
      const { Piscina } = (await import("piscina")) as unknown as { Piscina: new (options: object) => PiscinaPool };
      // min = max: a fixed pool like every other contender, no threads started or retired mid-measurement.
      pool = new Piscina({ filename: file, minThreads: threads, maxThreads: threads });
    },
    call: (method, a, b) => pool!.run([a, b], { name: method }),
    async close() {
      await pool?.destroy();
    },
  };
}
