import type { Contender } from "../contender.ts";
import { poolifierLike, type PoolifierPool } from "./poolifier.ts";

/**
 * poolifier-web-worker: poolifier's pool on Web Workers, for Deno, Bun and
 * browsers. `url`: workers/poolifier-web-worker.worker.mjs (the page serves a bundled copy).
 */
export function poolifierWebWorker(url: URL | string, version: string): Contender {
  return poolifierLike("poolifier-web-worker", version, async (threads) => {
    const { FixedThreadPool } = (await import("poolifier-web-worker")) as unknown as {
      FixedThreadPool: new (threads: number, url: URL | string, options?: object) => PoolifierPool;
    };
    let fail!: (error: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    // Its defaults, as a user gets them, plus a listener for worker errors: a worker whose module throws
    // is restarted again and again and its calls are never answered, so start() must hear of it.
    const pool = new FixedThreadPool(threads, url, { errorEventHandler: (event: unknown) => fail(errorOf(event)) });
    try {
      // Its workers count as ready while they are still loading: one answer per thread proves they loaded.
      await Promise.race([Promise.all(Array.from({ length: threads }, () => pool.execute([0, 0], "add"))), failed]);
    } catch (error) {
      await pool.destroy().catch(() => undefined);
      throw error;
    }
    return pool;
  });
}

function errorOf(event: unknown): Error {
  const e = event as { error?: unknown; message?: unknown };
  if (e?.error instanceof Error) return e.error;
  return new Error(typeof e?.message === "string" && e.message ? e.message : "a worker failed to start");
}
