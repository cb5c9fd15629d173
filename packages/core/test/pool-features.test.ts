import { describe, expect, it } from "vitest";
import { PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError } from "../src/pool/errors.ts";
import { Pool, type PoolOptions } from "../src/pool/pool.ts";
import { api, scriptedAdapter, sleep, type Api, type ScriptOptions } from "./scripted-adapter.ts";
import { until } from "./until.ts";

/**
 * What people expect from a pool beyond calls (issue 10): back-pressure,
 * deadlines, recycling, growing and shrinking, shutdown that never hangs,
 * statistics, and a worker that ends itself. On the scripted adapter, so
 * timing races are the test's to decide; each adapter's own tests repeat the
 * essentials under its runtime.
 */
for (const transport of ["auto", "message"] as const) {
  describe(`pool features (transport: ${transport})`, () => {
    function pool(options: PoolOptions = {}, script: ScriptOptions = {}) {
      const adapter = scriptedAdapter(api, script);
      const p = new Pool<Api>(adapter, "scripted:", { size: 1, transport, ...options });
      return { p, adapter };
    }
    const settled = (p: Promise<unknown>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));

    it("maxQueue: a call beyond it rejects at once with QueueFullError, and drained() says when there is room", async () => {
      const { p } = pool({ maxQueue: 2 });
      await p.ready();
      const accepted = [p.api.later(1, 60), p.api.later(2, 10), p.api.later(3, 10)];
      await expect(p.api.later(4, 0)).rejects.toBeInstanceOf(QueueFullError);
      await expect(p.api.later(4, 0)).rejects.toThrow(/maxQueue 2/);
      await p.drained();
      expect(p.stats.queued + p.stats.inFlight).toBeLessThanOrEqual(1);
      await expect(p.api.later(5, 0)).resolves.toMatchObject({ value: 5 });
      expect((await Promise.all(accepted)).map((r) => r.value)).toEqual([1, 2, 3]);
      expect(p.stats.failed).toBe(0); // refused calls were never accepted
      await p.close();
    });

    it("totalTimeout counts from the call: a call stuck in the queue fails without costing a worker", async () => {
      const { p } = pool();
      await p.ready();
      // Order, not wall time: under CI's parallel load a timer can fire late,
      // but the queued call must still fail before the running one ends.
      let firstDone = false;
      const first = p.api.later(1, 1_000).finally(() => (firstDone = true));
      const late = await settled(p.with({ totalTimeout: 40 }).later(2, 0));
      expect((late as { error: unknown }).error).toBeInstanceOf(TaskTimeoutError);
      expect((late as { error: TaskTimeoutError }).error.from).toBe("call");
      expect(firstDone).toBe(false);
      await expect(first).resolves.toMatchObject({ value: 1 });
      expect(p.stats.replaced).toBe(0);
      await p.close();
    });

    it("timeout counts from when a worker takes the call: time spent queued does not count", async () => {
      const { p } = pool();
      await p.ready();
      const first = p.api.later(1, 600);
      const second = p.with({ timeout: 300 }).later(2, 5); // waits ~600 ms, runs 5 ms
      await expect(first).resolves.toMatchObject({ value: 1 });
      await expect(second).resolves.toMatchObject({ value: 2 });
      await expect(p.with({ timeout: 30 }).later(3, 500)).rejects.toMatchObject({ name: "TaskTimeoutError", from: "dispatch" });
      expect(p.stats.replaced).toBe(1);
      await p.close();
    });

    it("maxTasksPerWorker: a worker is replaced after that many calls, and no call is lost", async () => {
      const { p } = pool({ maxTasksPerWorker: 3 });
      const one = [];
      for (let i = 0; i < 7; i++) one.push(await p.api.who());
      expect(one).toEqual([0, 0, 0, 1, 1, 1, 2]);
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => p.api.later(i, 1)));
      expect(burst.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(p.stats).toMatchObject({ replaced: 0, failed: 0, completed: 27 });
      expect(p.stats.recycled).toBeGreaterThanOrEqual(8);
      await p.close();
    });

    it("recycle(): every worker is replaced once its running call is done; the call succeeds", async () => {
      const { p, adapter } = pool({ size: 2 });
      await p.ready();
      const running = p.api.later(7, 80);
      await until(() => p.stats.busy === 1);
      const recycled = p.recycle();
      await expect(running).resolves.toMatchObject({ value: 7 });
      await recycled;
      expect(adapter.started.slice(0, 2).every((w) => w.terminated)).toBe(true);
      expect(p.stats).toMatchObject({ workers: 2, recycled: 2, replaced: 0 });
      expect(await p.api.who()).toBeGreaterThanOrEqual(2);
      await p.close();
    });

    it("minSize/maxSize: workers start when calls would wait, and idle ones end after idleTimeout", async () => {
      const { p } = pool({ size: undefined, minSize: 1, maxSize: 3, idleTimeout: 60 });
      await p.ready();
      expect(p.stats.workers).toBe(1);
      const calls = [p.api.later(1, 80), p.api.later(2, 80), p.api.later(3, 80)];
      await until(() => p.stats.workers === 3);
      const workers = new Set((await Promise.all(calls)).map((r) => r.worker));
      expect(workers.size).toBe(3);
      await until(() => p.stats.workers === 1);
      await expect(p.api.add(1, 2)).resolves.toBe(3);
      await p.close();
    });

    it("rejects sizes that cannot work", () => {
      const adapter = scriptedAdapter(api);
      expect(() => new Pool(adapter, "scripted:", { minSize: 3, maxSize: 2 })).toThrow(RangeError);
      expect(() => new Pool(adapter, "scripted:", { size: 0 })).toThrow(RangeError);
      expect(() => new Pool(adapter, "scripted:", { maxQueue: -1 })).toThrow(/maxQueue/);
    });

    it("close({ timeout }) lets running calls finish and refuses new ones", async () => {
      const { p } = pool();
      await p.ready();
      const running = p.api.later(1, 50);
      const closing = p.close({ timeout: 2000 });
      await expect(p.api.add(1, 1)).rejects.toBeInstanceOf(PoolClosedError);
      await expect(running).resolves.toMatchObject({ value: 1 });
      await closing;
    });

    it("close({ timeout }) rejects what is unfinished by then, and never hangs on a worker that will not end", async () => {
      const { p } = pool({}, { terminateHangs: true });
      await p.ready();
      const running = settled(p.api.later(1, 10_000));
      const t0 = performance.now();
      await p.close({ timeout: 50 });
      expect(performance.now() - t0).toBeLessThan(1000);
      expect((await running as { error: unknown }).error).toBeInstanceOf(PoolClosedError);
    });

    it("stats: counts, wait and run percentiles, utilisation", async () => {
      const { p } = pool();
      expect(p.stats).toMatchObject({ completed: 0, failed: 0, utilization: 0 });
      expect(p.stats.runMs).toBeUndefined();
      await Promise.all([p.api.later(1, 30), p.api.later(2, 30)]);
      await p.api.fail().catch(() => undefined);
      const s = p.stats;
      expect(s).toMatchObject({ workers: 1, completed: 2, failed: 1, replaced: 0 });
      expect(s.runMs!.p50).toBeGreaterThanOrEqual(25);
      expect(s.runMs!.p99).toBeGreaterThanOrEqual(s.runMs!.p50);
      expect(s.waitMs!.p99).toBeGreaterThanOrEqual(25); // the second call waited for the first
      expect(s.utilization).toBeGreaterThan(0);
      expect(s.utilization).toBeLessThanOrEqual(1);
      await p.close();
    });

    it("a worker that ends itself (self.close()) fails its call clearly and is replaced", async () => {
      const { p } = pool();
      await p.ready();
      const error = await p.api.closeSelf().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(String((error as Error).message)).toMatch(/closed itself/);
      await expect(p.api.add(2, 3)).resolves.toBe(5);
      expect(p.stats.replaced).toBe(1);
      await p.close();
    });
  });
}

it("waits are not lost when a full queue drains through failures", async () => {
  const adapter = scriptedAdapter(api);
  const p = new Pool<Api>(adapter, "scripted:", { size: 1, maxQueue: 0 });
  await p.ready();
  const call = p.with({ timeout: 20 }).later(1, 1000).catch(() => "timed out");
  await expect(p.api.add(1, 1)).rejects.toBeInstanceOf(QueueFullError);
  await p.drained();
  expect(await call).toBe("timed out");
  await sleep(1);
  await expect(p.api.add(1, 1)).resolves.toBe(2);
  await p.close();
});
