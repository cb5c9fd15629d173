import { percentile } from "@threadlab/core";
import type { Contender } from "./contender.ts";

/**
 * CPU time of the whole process, every thread (the pool's workers included),
 * in µs. Node, Deno (node:process) and Bun have `process.cpuUsage()`; a
 * browser page has nothing like it, so there the CPU figures are absent.
 */
export type CpuClock = () => number;

/** A CpuClock from `process.cpuUsage()` (Node, Bun, Deno's node:process). */
export function cpuClockOf(process: { cpuUsage(): { user: number; system: number } }): CpuClock {
  return () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
}

/**
 * Runs `work` and adds the CPU it cost per call, all threads together: a pool
 * that polls instead of sleeping wins time with cores, and the race says so.
 * Without a clock the figure is absent.
 */
export async function withCpu<T>(calls: number | ((value: T) => number), work: () => Promise<T>, cpu: CpuClock | undefined): Promise<{ value: T; cpuUsPerCall?: number }> {
  const c0 = cpu?.();
  const value = await work();
  const n = typeof calls === "function" ? calls(value) : calls;
  return cpu && c0 !== undefined ? { value, cpuUsPerCall: (cpu() - c0) / n } : { value };
}

/**
 * CPU time (µs) of each thread of this process, where the OS lists them
 * (Linux's /proc); undefined elsewhere. `js` tells the caller's and the
 * workers' threads from the runtime's own (JIT compilers, GC helpers, I/O
 * pools), which each runner knows by the names its runtime gives them.
 */
export type ThreadClock = () => ThreadTimes | undefined;

export interface ThreadTimes {
  /** The clock's step in µs: 10 000 for /proc's ticks, 0.001 for schedstat's nanoseconds. */
  resolutionUs: number;
  threads: ReadonlyArray<{ tid: number; us: number; js: boolean }>;
}

export interface IdleCpu {
  /** Percent of one core, every thread of the process. */
  pct: number;
  /** Of which JavaScript threads (the caller and the pool's workers); absent where they cannot be told from the runtime's. */
  jsPct?: number;
}

/** CPU the process uses while the pool sits idle for `ms` after a burst of calls. */
export async function idleCpu(ms: number, cpu: CpuClock, threads?: ThreadClock): Promise<IdleCpu> {
  const before = threads?.();
  const c0 = cpu();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const c1 = cpu();
  const elapsedUs = (performance.now() - t0) * 1000;
  const after = threads?.();
  const pct = ((c1 - c0) / elapsedUs) * 100;
  // Split only over 100 of the clock's steps: 10 ms ticks need a second (one tick is 7% of 150 ms); nanoseconds need none.
  const step = Math.max(before?.resolutionUs ?? Infinity, after?.resolutionUs ?? Infinity);
  if (!before || !after || elapsedUs < 100 * step || after.threads.every((t) => t.js)) return { pct };
  const was = new Map(before.threads.map((t) => [t.tid, t.us]));
  let js = 0;
  for (const t of after.threads) if (t.js) js += t.us - (was.get(t.tid) ?? 0);
  return { pct, jsPct: Math.min(pct, (js / elapsedUs) * 100) };
}

/**
 * The smallest step performance.now() takes here, in µs. Browsers coarsen it
 * (to 5 µs in a cross-origin-isolated Chromium page), and a round trip
 * shorter than that step reads as 0: the table then says "< step".
 */
export function timerResolutionUs(): number {
  let best = Infinity;
  for (let k = 0; k < 50; k++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    best = Math.min(best, t1 - t0);
  }
  return best * 1000;
}

/** A wrong answer is a failure, never a data point: a pool that drops or mixes up results must not look fast. */
function check(what: string, got: number, expected: number): void {
  if (got !== expected) throw new Error(`${what} returned ${String(got)}, expected ${expected}`);
}

/**
 * `calls` add tasks or more, until `minMs` have passed, with `inFlight`
 * outstanding: each completion launches the next, so the pool's queue never
 * drains and never grows past `inFlight`. Returns tasks per second and how
 * many ran.
 */
export function throughput(c: Contender, calls: number, inFlight: number, minMs = 0): Promise<{ perSecond: number; calls: number }> {
  return new Promise((resolve, reject) => {
    let launched = 0;
    let done = 0;
    let failed = false;
    // The clock is read every 64 answers, not every one: 46 ns a reading against about 1 µs of the caller's time a
    // task for the fastest pool.
    let timeUp = minMs <= 0;
    const fail = (error: unknown) => {
      if (!failed) reject(error);
      failed = true;
    };
    const t0 = performance.now();
    const launch = () => {
      const i = launched++;
      try {
        c.call("add", i, 1).then((value) => {
          if (failed) return;
          try {
            check(`add(${i}, 1)`, value, i + 1);
          } catch (error) {
            return fail(error);
          }
          done++;
          if (!timeUp && (done & 63) === 0) timeUp = performance.now() - t0 >= minMs;
          if (launched < calls || !timeUp) launch();
          else if (done === launched) resolve({ perSecond: done / ((performance.now() - t0) / 1000), calls: done });
        }, fail);
      } catch (error) {
        fail(error); // a contender that throws instead of rejecting
      }
    };
    // With a minimum time, `inFlight` are outstanding however few the calls.
    for (let k = 0; k < (minMs > 0 ? inFlight : Math.min(inFlight, calls)) && !failed; k++) launch();
  });
}

/** One add at a time, each timed: the round trip through the pool with nothing queued. Returns µs. */
export async function latency(c: Contender, warmup: number, calls: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) check(`add(${i}, 1)`, await c.call("add", i, 1), i + 1);
  const us = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const value = await c.call("add", i, 1);
    us[i] = (performance.now() - t0) * 1000;
    check(`add(${i}, 1)`, value, i + 1);
  }
  return { p50: percentile(us, 50), p99: percentile(us, 99) };
}

/** `tasks` CPU tasks of ~`us` µs submitted at once: how close the pool gets to keeping every thread busy. Returns tasks per second. */
export async function cpuTasks(c: Contender, tasks: number, us: number): Promise<number> {
  const t0 = performance.now();
  const loops = await Promise.all(Array.from({ length: tasks }, () => c.call("spin", us, 0)));
  const seconds = (performance.now() - t0) / 1000;
  for (const n of loops) if (!(typeof n === "number" && n > 0)) throw new Error(`spin(${us}) returned ${String(n)}, expected a loop count > 0`);
  return tasks / seconds;
}
