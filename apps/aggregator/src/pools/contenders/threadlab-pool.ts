import type { Contender, Method } from "../contender.ts";

/** Just the part of a threadlab Pool the race uses: the same in @threadlab/node, /deno, /bun and /web, old builds included. */
export interface ThreadlabPool {
  api: Record<Method, (a: number, b: number) => Promise<number>>;
  ready?: () => Promise<void>;
  close(): Promise<void>;
}
export type CreatePool = (url: URL | string, options: { size: number }) => ThreadlabPool;

/** What a runtime's runner hands over at start: that runtime's createPool, the worker to run, and what to remove afterwards. */
export interface ThreadlabLoad {
  createPool: CreatePool;
  url: URL | string;
  cleanup?: () => Promise<void>;
}

/** threadlab's pool in any runtime, named `name` ("threadlab", or "threadlab@<label>" for another build). */
export function threadlabPool(version: string, load: () => ThreadlabLoad | Promise<ThreadlabLoad>, name = "threadlab"): Contender {
  let pool: ThreadlabPool | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  return {
    name,
    version,
    async start(threads) {
      const loaded = await load();
      cleanup = loaded.cleanup;
      pool = loaded.createPool(loaded.url, { size: threads });
      // ready() surfaces a worker that cannot start now, rather than as a failed first call.
      await pool.ready?.();
    },
    call: (method, a, b) => pool!.api[method](a, b),
    async close() {
      try {
        await pool?.close();
      } finally {
        await cleanup?.();
      }
    },
  };
}
