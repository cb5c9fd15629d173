import { pooled, type Contender } from "../contender.ts";

/** poolifier and poolifier-web-worker share this API. */
export interface PoolifierPool {
  execute(data: unknown, name: string): Promise<number>;
  destroy(): Promise<void>;
}

/** A pool with poolifier's API, made by `open`. */
export function poolifierLike(name: string, version: string, open: (threads: number) => Promise<PoolifierPool>): Contender {
  return pooled({
    name,
    version,
    open,
    call: (pool, method, a, b) => pool.execute([a, b], method),
    close: (pool) => pool.destroy(),
  });
}

/** `file`: the worker's path (workers/poolifier.worker.mjs). Runs in Node and Bun. */
export function poolifier(file: string, version: string): Contender {
  return poolifierLike("poolifier", version, async (threads) => {
    const { FixedThreadPool } = (await import("poolifier")) as unknown as {
      FixedThreadPool: new (threads: number, file: string) => PoolifierPool;
    };
    // Its defaults (least-used choice, no pool-side queue) are what a user gets out of the box.
    return new FixedThreadPool(threads, file);
  });
}
