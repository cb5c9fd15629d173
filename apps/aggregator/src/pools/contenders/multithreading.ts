import type { Contender, Method } from "../contender.ts";

type Joined = { ok: true; value: unknown } | { ok: false; error: unknown };
interface Multithreading {
  initRuntime(config: { maxWorkers: number }): void;
  move(...args: unknown[]): unknown;
  spawn(args: unknown, fn: (...args: never[]) => unknown): { join(): Promise<Joined> };
  shutdown(): void;
}

// multithreading sends a task's function to the worker as source text, so each must be self-contained:
// these repeat workers/tasks.mjs rather than import it.
const TASKS: Record<Method, (a: number, b: number) => number> = {
  add: (a: number, b: number) => a + b,
  spin: (us: number) => {
    const end = performance.now() + us / 1000;
    let loops = 0;
    while (performance.now() < end) loops++;
    return loops + 1;
  },
};

/**
 * multithreading: `spawn(move(a, b), fn).join()` on its one global pool of
 * Web Workers (Node: worker_threads), which starts its workers on demand.
 * Each start resizes that pool: shutdown(), then initRuntime({ maxWorkers }).
 */
export function multithreading(version: string): Contender {
  let mt: Multithreading | undefined;
  const call = (method: Method, a: number, b: number): Promise<number> =>
    mt!
      .spawn(mt!.move(a, b), TASKS[method])
      .join()
      .then((r) => {
        if (!r.ok) throw r.error instanceof Error ? r.error : new Error(String(r.error));
        return r.value as number;
      });
  return {
    name: "multithreading",
    version,
    async start(threads) {
      mt = (await import("multithreading")) as unknown as Multithreading;
      mt.shutdown();
      mt.initRuntime({ maxWorkers: threads });
      // `threads` calls of a function submitted together go one to each worker, each with the function's
      // source: this starts every worker and loads both tasks into each before anything is timed, as the
      // other pools' worker modules do when they load. Without it a burst fails: a worker handed a second
      // call while it is still importing the function's source answers "Function ID … not found in worker
      // registry" (seen in Chromium, multithreading 0.3.52).
      for (const method of ["add", "spin"] as const) await Promise.all(Array.from({ length: threads }, () => call(method, 1, 0)));
    },
    call,
    async close() {
      mt?.shutdown();
    },
  };
}
