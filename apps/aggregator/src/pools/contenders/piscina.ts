import type { Contender } from "../contender.ts";
import { installedVersion, workerFile } from "../paths.ts";

interface PiscinaPool {
  run(task: unknown, options: { name: string }): Promise<number>;
  destroy(): Promise<void>;
}

export function piscina(): Contender {
  let pool: PiscinaPool | undefined;
  return {
    name: "piscina",
    version: installedVersion("piscina"),
    async start(threads) {
      const { Piscina } = (await import("piscina")) as unknown as { Piscina: new (options: object) => PiscinaPool };
      // min = max: a fixed pool like every other contender, no threads started or retired mid-measurement.
      pool = new Piscina({ filename: workerFile("piscina.worker.mjs"), minThreads: threads, maxThreads: threads });
    },
    call: (method, a, b) => pool!.run([a, b], { name: method }),
    async close() {
      await pool?.destroy();
    },
  };
}
