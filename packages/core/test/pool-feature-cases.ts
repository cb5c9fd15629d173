import type { CallOptions, CloseOptions, PoolOptions, PoolStats } from "../src/pool/options.ts";
import type { FeatureApi } from "./feature-api.mjs";
import { until } from "./until.ts";

/**
 * The pool features every adapter promises (issue 10), as cases each
 * runtime's test runner executes against a real pool of real workers:
 * vitest in Node, `deno test`, `bun test`, and a page in Chromium. A case
 * throws on failure. The pool is typed by what the cases use (core's option
 * and stats types, which import nothing that runs), so any adapter's pool
 * fits without this file pulling in core's sources.
 */
type Api = { [K in keyof FeatureApi]: (...args: Parameters<FeatureApi[K]>) => Promise<Awaited<ReturnType<FeatureApi[K]>>> };
export interface FeaturePool {
  readonly api: Api;
  with(options: CallOptions): Api;
  readonly stats: PoolStats;
  ready(): Promise<void>;
  drained(): Promise<void>;
  recycle(): Promise<void>;
  close(options?: CloseOptions): Promise<void>;
}
export type FeatureOptions = Omit<PoolOptions, "onTask">;
export type MakePool = (options: FeatureOptions) => FeaturePool;

export interface FeatureCase {
  name: string;
  /** Needs a runtime that reports a worker's heap (not a browser). */
  heap?: boolean;
  /** Needs a runtime that can cap a process's heap (not Bun). */
  heapCap?: boolean;
  run(make: MakePool): Promise<void>;
}

export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`expected ${what}`);
}

export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to reject");
}

async function using(make: MakePool, options: FeatureOptions, body: (pool: FeaturePool) => Promise<void>): Promise<void> {
  const pool = make(options);
  try {
    await pool.ready();
    await body(pool);
  } finally {
    await pool.close();
  }
}

/** Where threads share the host's fate, a child process does not (Node, Deno, Bun). */
export const ISOLATION_CASES: FeatureCase[] = [
  {
    name: 'isolation "process": a worker that aborts its process ends only its own child; its call fails and the pool keeps serving',
    run: (make) =>
      using(make, { size: 1, isolation: "process" }, async (pool) => {
        const child = await pool.api.pid();
        check(child !== 0 && child !== (globalThis as { process?: { pid: number } }).process?.pid, `a child process, got pid ${child}`);
        const crashed = await rejection(pool.api.abort());
        check(crashed.name === "WorkerCrashedError", `WorkerCrashedError, got ${crashed.name}: ${crashed.message}`);
        const next = await pool.api.pid();
        check(next !== child && (await pool.api.later(1, 0)).value === 1, "a new child serving calls");
        check(pool.stats.replaced === 1 && pool.stats.transport === "message", `1 replaced, by message, got ${JSON.stringify(pool.stats)}`);
      }),
  },
  {
    name: 'isolation "process" with resourceLimits: a worker out of memory ends only its own child',
    heapCap: true,
    run: (make) =>
      using(make, { size: 1, isolation: "process", resourceLimits: { maxOldGenerationSizeMb: 64 } }, async (pool) => {
        const crashed = await rejection(pool.api.hog());
        check(crashed.name === "WorkerCrashedError", `WorkerCrashedError, got ${crashed.name}: ${crashed.message}`);
        check((await pool.api.later(2, 0)).value === 2, "a new child serving calls");
      }),
  },
];

export const POOL_FEATURE_CASES: FeatureCase[] = [
  {
    name: "maxQueue refuses a call beyond it with QueueFullError; drained() says when there is room",
    run: (make) =>
      using(make, { size: 1, maxQueue: 1 }, async (pool) => {
        const accepted = [pool.api.later(1, 150), pool.api.later(2, 0)];
        const refused = await rejection(pool.api.later(3, 0));
        check(refused.name === "QueueFullError" && /maxQueue 1/.test(refused.message), `QueueFullError, got ${refused.name}: ${refused.message}`);
        await pool.drained();
        check((await pool.api.later(4, 0)).value === 4, "a call accepted once drained");
        check((await Promise.all(accepted)).map((r) => r.value).join() === "1,2", "the accepted calls to succeed");
      }),
  },
  {
    name: "totalTimeout counts from the call: a call stuck in the queue fails without costing a worker",
    run: (make) =>
      using(make, { size: 1 }, async (pool) => {
        const first = pool.api.later(1, 300);
        const late = await rejection(pool.with({ totalTimeout: 50 }).later(2, 0));
        check(late.name === "TaskTimeoutError" && late.from === "call", `TaskTimeoutError from the call, got ${late.name} ${String(late.from)}`);
        check((await first).value === 1, "the running call to finish");
        check(pool.stats.replaced === 0, `no worker replaced, got ${pool.stats.replaced}`);
      }),
  },
  {
    name: "timeout counts from when a worker takes the call, and replaces the worker that overruns",
    run: (make) =>
      using(make, { size: 1 }, async (pool) => {
        const first = pool.api.later(1, 500);
        const queued = pool.with({ timeout: 300 }).later(2, 5); // queued ~500 ms, runs 5 ms (slack for a loaded CI)
        check((await first).value === 1 && (await queued).value === 2, "queueing not to count against the timeout");
        const overrun = await rejection(pool.with({ timeout: 50 }).later(3, 5000));
        check(overrun.name === "TaskTimeoutError" && overrun.from === "dispatch", `TaskTimeoutError from dispatch, got ${overrun.name}`);
        await until(() => pool.stats.replaced === 1);
        check((await pool.api.later(4, 0)).value === 4, "the pool to keep serving");
      }),
  },
  {
    name: "maxTasksPerWorker replaces a worker after that many calls; no call is lost",
    run: (make) =>
      using(make, { size: 1, maxTasksPerWorker: 2 }, async (pool) => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await pool.api.who());
        check(ids[0] === ids[1] && ids[1] !== ids[2] && ids[2] === ids[3] && ids[3] !== ids[4], `workers changing every 2 calls, got ${ids.join(" ")}`);
        const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.api.later(i, 1)));
        check(burst.every((r, i) => r.value === i), "every call of a burst to return its own value");
        // Counted where calls are taken: even in a burst no worker runs more than its share.
        const perWorker = new Map<string, number>();
        for (const r of burst) perWorker.set(r.who, (perWorker.get(r.who) ?? 0) + 1);
        check([...perWorker.values()].every((n) => n <= 2), `no worker to run more than 2 calls, got ${[...perWorker.values()].join(",")}`);
        // A retirement is counted once its worker has gone, which a loaded machine (the whole suite at once) can delay past the last answer.
        await until(() => pool.stats.recycled >= 6).catch(() => {}); // the check below names the counts if it never came
        check(pool.stats.failed === 0 && pool.stats.replaced === 0 && pool.stats.recycled >= 6, `recycled ≥ 6 with nothing failed, got ${JSON.stringify(pool.stats)}`);
      }),
  },
  {
    name: "maxHeapMB replaces a worker whose heap grew past it, once its call is done",
    heap: true,
    run: (make) =>
      using(make, { size: 1, maxHeapMB: 48 }, async (pool) => {
        // Each call fails on its own after 10 s: once, in Bun beside every other suite in CI, this case hung until the
        // runner's 30 s limit, which did not say which step it was (not reproduced in 23 runs since, 16 of them beside two CPU hogs).
        const api = pool.with({ totalTimeout: 10_000 });
        const before = await api.who();
        check((await api.grow(16)) === 1 && (await api.who()) === before, "a worker under the ceiling to stay");
        await api.grow(64);
        await until(() => pool.stats.recycled === 1);
        check((await pool.api.who()) !== before, "a new worker after the heap passed 48 MiB");
        check(pool.stats.failed === 0 && pool.stats.replaced === 0, `nothing failed, got ${JSON.stringify(pool.stats)}`);
      }),
  },
  {
    name: "maxHeapMB also reads the heap reported by a call that went by message (a value shared memory does not carry)",
    heap: true,
    run: (make) =>
      using(make, { size: 1, maxHeapMB: 48 }, async (pool) => {
        const before = await pool.api.who(); // through shared memory where the pool has it: its heap reading is the small one
        await pool.api.grow(64, new Map([["by", 1]]));
        await until(() => pool.stats.recycled === 1);
        check((await pool.api.who()) !== before, "a new worker after the heap passed 48 MiB");
        check(pool.stats.failed === 0 && pool.stats.replaced === 0, `nothing failed, got ${JSON.stringify(pool.stats)}`);
      }),
  },
  {
    name: "a worker recycled while one of its answers is on the way by message still delivers it",
    run: (make) =>
      // The worker polls for 2 s, so it takes both calls at once while the caller is busy; maxTasksPerWorker is spent by the first.
      using(make, { size: 1, maxTasksPerWorker: 2, channel: { pollUs: 2_000_000 } }, async (pool) => {
        await pool.api.who();
        const calls = Promise.all([pool.api.who(), pool.api.asMap(7)]);
        const t0 = performance.now();
        while (performance.now() - t0 < 100); // both answers land before the caller looks: the one in the slot spends the worker first
        const settled = await Promise.race([calls.then((r) => r), new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 5_000))]);
        check(settled !== "hung", `both calls to settle, got a hang; stats ${JSON.stringify(pool.stats)}`);
        const [, map] = settled as [string, Map<string, number>];
        check(map instanceof Map && map.get("value") === 7, "the Map to arrive whole");
        await until(() => pool.stats.recycled === 1);
      }),
  },
  {
    name: "a worker retiring with a call still running is not counted on to take new calls: its replacement is woken",
    run: (make) =>
      using(make, { size: 1, maxSize: 1, concurrency: 2 }, async (pool) => {
        // Twice: the recycle must land while the retiring worker still polls after an answer, which it does about half the time.
        for (let round = 0; round < 2; round++) {
          // The long call outlasts the wait below by far: a replacement starting slowly on a loaded machine (the whole suite at once
          // took over 700 ms) is still told apart from a call left waiting for the long one.
          const long = pool.api.later(round, 2_500);
          await pool.api.who(); // answered: the worker polls for 100 µs
          const recycled = pool.recycle();
          await new Promise((resolve) => setTimeout(resolve, 200)); // the replacement started, and sleeps
          const quick = await Promise.race([pool.api.who().then(() => "answered"), new Promise((resolve) => setTimeout(() => resolve("waited"), 1_500))]);
          check(quick === "answered", `the replacement to take the call at once (round ${round}), not after the long call`);
          await long;
          await recycled;
        }
      }),
  },
  {
    name: "an answer is delivered while its worker goes on to a long call (the caller, asleep with calls posted, wakes itself)",
    run: (make) =>
      using(make, { size: 1 }, async (pool) => {
        const t0 = performance.now();
        const first = pool.api.who();
        const long = pool.api.busy(1_000);
        await first;
        const waited = performance.now() - t0;
        check(waited < 500, `the first answer before the long call ends, got it after ${waited.toFixed(0)} ms`);
        check((await long) === 1_000, "the long call to succeed");
      }),
  },
  {
    name: "recycle() replaces every worker once its running call is done; that call succeeds",
    run: (make) =>
      using(make, { size: 2 }, async (pool) => {
        const before = new Set(await Promise.all([pool.api.later(0, 50), pool.api.later(0, 50)]).then((r) => r.map((x) => x.who)));
        const running = pool.api.later(7, 150);
        await until(() => pool.stats.busy === 1);
        const recycled = pool.recycle();
        check((await running).value === 7, "the running call to succeed");
        await recycled;
        check(pool.stats.recycled === 2 && pool.stats.workers === 2, `2 recycled, 2 workers, got ${JSON.stringify(pool.stats)}`);
        check(!before.has(await pool.api.who()), "a new worker to answer");
      }),
  },
  {
    name: "minSize/maxSize: workers start when calls would wait, and idle ones end after idleTimeout",
    run: (make) =>
      using(make, { minSize: 1, maxSize: 2, idleTimeout: 100 }, async (pool) => {
        check(pool.stats.workers === 1, `1 worker at first, got ${pool.stats.workers}`);
        const both = Promise.all([pool.api.later(1, 300), pool.api.later(2, 300)]);
        // The second call waits, so a second worker starts (whether it is up before the first is free is the machine's business).
        await until(() => pool.stats.workers === 2);
        check((await both).map((r) => r.value).join() === "1,2", "both calls to succeed");
        await until(() => pool.stats.workers === 1);
        check((await pool.api.later(3, 0)).value === 3, "the pool to keep serving");
      }),
  },
  {
    name: "close({ timeout }) lets running calls finish and refuses new ones",
    run: async (make) => {
      const pool = make({ size: 1 });
      await pool.ready();
      const running = pool.api.later(1, 100);
      const closing = pool.close({ timeout: 5000 });
      const refused = await rejection(pool.api.later(2, 0));
      check(refused.name === "PoolClosedError", `PoolClosedError, got ${refused.name}`);
      check((await running).value === 1, "the running call to finish");
      await closing;
    },
  },
  {
    name: "close({ timeout }) rejects what is unfinished by then, and resolves",
    run: async (make) => {
      const pool = make({ size: 1 });
      await pool.ready();
      const running = rejection(pool.api.later(1, 60_000));
      const t0 = Date.now();
      await pool.close({ timeout: 100 });
      check(Date.now() - t0 < 5000, "close to return soon after its timeout");
      check((await running).name === "PoolClosedError", "the unfinished call to reject with PoolClosedError");
    },
  },
  {
    name: "stats count calls and give wait and run percentiles and utilisation",
    run: (make) =>
      using(make, { size: 1 }, async (pool) => {
        await Promise.all([pool.api.later(1, 40), pool.api.later(2, 40)]);
        await rejection(pool.api.fail());
        const s = pool.stats;
        check(s.completed === 2 && s.failed === 1 && s.workers === 1, `2 completed, 1 failed, got ${JSON.stringify(s)}`);
        check(s.runMs !== undefined && s.runMs.p50 >= 30 && s.runMs.p99 >= s.runMs.p50, `run p50 ≥ 30 ms, got ${JSON.stringify(s.runMs)}`);
        check(s.waitMs !== undefined && s.waitMs.p99 >= 30, `the queued call's wait in p99, got ${JSON.stringify(s.waitMs)}`);
        check(s.utilization > 0 && s.utilization <= 1, `utilisation in (0, 1], got ${s.utilization}`);
      }),
  },
];
