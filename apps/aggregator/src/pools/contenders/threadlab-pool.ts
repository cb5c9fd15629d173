import type { Contender, Method } from "../contender.ts";

/** Just the part of a threadlab Pool the race uses: the same in @threadlab/node, /deno, /bun and /web. */
export interface ThreadlabPool {
  api: Record<Method, (a: number, b: number) => Promise<number>>;
  ready?: () => Promise<void>;
  close(): Promise<void>;
}
export type CreatePool = (url: URL | string, options: { size: number }) => ThreadlabPool;

/**
 * threadlab's pool in any runtime: `createPool` from that runtime's package
 * (loaded by the runner, which knows which), serving the worker at `url`.
 */
export function threadlabPool(version: string, createPool: () => CreatePool | Promise<CreatePool>, url: URL | string): Contender {
  let pool: ThreadlabPool | undefined;
  return {
    name: "threadlab",
    version,
    async start(threads) {
      pool = (await createPool())(url, { size: threads });
      // ready() surfaces a worker that cannot start now, rather than as a failed first call.
      await pool.ready?.();
    },
    call: (method, a, b) => pool!.api[method](a, b),
    async close() {
      await pool?.close();
    },
  };
}
