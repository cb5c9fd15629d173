import { pooled, type Contender } from "../contender.ts";

/** piscina and tinypool (its fork) share this API. */
interface PiscinaPool {
  run(task: unknown, options: { name: string }): Promise<number>;
  destroy(): Promise<void>;
}
type PiscinaClass = new (options: object) => PiscinaPool;

/** A pool with piscina's API: `load` imports its class; `file` is the worker's path. */
function piscinaLike(name: string, version: string, load: () => Promise<PiscinaClass>, file: string): Contender {
  return pooled({
    name,
    version,
    // min = max: a fixed pool like every other contender, no threads started or retired mid-measurement.
    open: async (threads) => new (await load())({ filename: file, minThreads: threads, maxThreads: threads }),
    call: (pool, method, a, b) => pool.run([a, b], { name: method }),
    close: (pool) => pool.destroy(),
  });
}

/** `file`: the worker's path (workers/piscina.worker.mjs). Runs in Node, Deno and Bun. */
export function piscina(file: string, version: string): Contender {
  return piscinaLike("piscina", version, async () => ((await import("piscina")) as unknown as { Piscina: PiscinaClass }).Piscina, file);
}

/** `file`: the worker's path (workers/tinypool.worker.mjs). Runs in Node and Bun. */
export function tinypool(file: string, version: string): Contender {
  return piscinaLike("tinypool", version, async () => ((await import("tinypool")) as unknown as { Tinypool: PiscinaClass }).Tinypool, file);
}
