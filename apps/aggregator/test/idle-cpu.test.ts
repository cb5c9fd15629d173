import { afterEach, describe, expect, it, vi } from "vitest";
import { idleCpu, type ThreadClock } from "../src/pools/measure.ts";

/** Threads as /proc would list them after `ms` of idling, each having used `us` µs of CPU by then; `runtime` names the runtime's own. */
function threadsAt(list: Array<[tid: number, name: string, usAfter: number]>, main: number, runtime?: RegExp, resolutionUs = 10_000): { clock: ThreadClock; advance(): void } {
  let after = false;
  return {
    clock: () => ({ resolutionUs, threads: list.map(([tid, name, us]) => ({ tid, us: after ? us : 0, js: tid === main || !runtime?.test(name) })) }),
    advance: () => (after = true),
  };
}

const BUN_THREADS = /^(JITWorker|HeapHelper)/;

describe("idle CPU, split by thread", () => {
  afterEach(() => vi.useRealTimers());

  async function idle(ms: number, totalUs: number, threads?: ReturnType<typeof threadsAt>) {
    vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
    let cpu = 0;
    const pending = idleCpu(ms, () => cpu, threads?.clock);
    cpu = totalUs;
    threads?.advance();
    await vi.advanceTimersByTimeAsync(ms);
    return pending;
  }

  it("gives the JavaScript threads' share where the runtime's own threads are named apart (Bun: JITWorker)", async () => {
    const bun = threadsAt([[10, "bun.exe", 0], [11, "JITWorker", 40_000], [12, "threadlab-0", 0], [13, "HeapHelper", 10_000]], 10, BUN_THREADS);
    const r = await idle(1000, 50_000, bun);
    expect(r.pct).toBeCloseTo(5);
    expect(r.jsPct).toBe(0);
  });

  it("gives no split where no thread is the runtime's own, or over less than a second (10 ms ticks)", async () => {
    const node = threadsAt([[10, "node", 0], [11, "node", 20_000]], 10);
    expect((await idle(1000, 20_000, node)).jsPct).toBeUndefined();
    const bun = threadsAt([[10, "bun.exe", 10_000], [11, "JITWorker", 0]], 10, BUN_THREADS);
    const short = await idle(250, 10_000, bun);
    expect(short.pct).toBeCloseTo(4);
    expect(short.jsPct).toBeUndefined();
  });

  it("splits even a short watch where the clock counts nanoseconds (schedstat)", async () => {
    const bun = threadsAt([[10, "bun.exe", 300], [11, "JITWorker", 34_000], [12, "threadlab-0", 100]], 10, BUN_THREADS, 0.001);
    const short = await idle(150, 34_400, bun);
    expect(short.pct).toBeCloseTo(22.9, 0);
    expect(short.jsPct).toBeCloseTo(0.27, 1);
  });
});
