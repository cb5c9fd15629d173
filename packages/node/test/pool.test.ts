import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { Pool, PoolClosedError, TaskTimeoutError, WorkerCrashedError, createPool, nodeAdapter, transfer } from "@threadlab/node";
import type { MathApi } from "./fixtures/math-api.ts";
import { until } from "../../core/test/until.ts";
import { VALUE_MATRIX, fingerprint } from "../../core/test/value-matrix.ts";

const workerUrl = new URL("./fixtures/math.worker.mjs", import.meta.url);
const pools: Pool<MathApi>[] = [];
function pool(size = 2) {
  const p = createPool<MathApi>(workerUrl, { size });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("createPool (worker_threads)", () => {
  it("calls the worker's functions with full types", async () => {
    const p = pool();
    expectTypeOf(p.api.add).toEqualTypeOf<(a: number, b: number) => Promise<number>>();
    expect(await p.api.add(2, 3)).toBe(5);
    expect(await p.run("fib", [20])).toBe(6765);
  });

  it("spreads concurrent calls over its workers", async () => {
    const p = pool(2);
    await p.ready(); // both started: otherwise the first to answer may take both calls, one after the other
    const ids = await Promise.all([p.api.sleep(200), p.api.sleep(200)]);
    expect(new Set(ids).size).toBe(2);
  });

  it("rejects with the worker's error, message and stack", async () => {
    const p = pool(1);
    const error = await p.api.failWithMessage("bad input 42").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("bad input 42");
    expect((error as Error).stack).toContain("failWithMessage");
    expect((error as Error).stack).toContain("math.worker.mjs");
    // The worker survives a thrown error.
    expect(p.stats.replaced).toBe(0);
    expect(await p.api.add(1, 1)).toBe(2);
  });

  for (const transport of ["auto", "message"] as const) {
    it(`${transport}: a thrown error keeps its class, own properties and cause`, async () => {
      const p = createPool<MathApi>(workerUrl, { size: 1, transport });
      pools.push(p);
      const e = (await p.api.richFailure().catch((x: unknown) => x)) as TypeError & { code?: string; details?: unknown };
      expect(e).toBeInstanceOf(TypeError);
      expect([e.message, e.code, e.details]).toEqual(["rich failure", "E_RICH", { a: 1 }]);
      expect(e.cause).toBeInstanceOf(Error);
      expect((e.cause as Error).message).toBe("root");
      expect((e.cause as Error).stack).toContain("math.worker.mjs");
    });
  }

  it("rejects in-flight calls when a worker crashes, and replaces it", async () => {
    const p = pool(1);
    const before = await p.api.threadId();
    const error = await p.api.crashLater().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).message).toContain("uncaught in a timer");
    expect(await p.api.threadId()).not.toBe(before);
    expect(p.stats.replaced).toBe(1);
  });

  it("reports a worker that exits, with its exit code", async () => {
    const p = pool(1);
    const error = await p.api.exitWith(3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).message).toContain("exit code 3");
    expect(await p.api.add(2, 2)).toBe(4);
  });

  it("terminates and replaces a worker that runs past its timeout", async () => {
    const p = pool(1);
    const before = await p.api.threadId();
    const error = await p.with({ timeout: 200 }).spin().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(await p.api.threadId()).not.toBe(before);
  });

  it("honours an AbortSignal already aborted, while queued, and while running", async () => {
    const p = pool(1);
    const already = AbortSignal.abort();
    await expect(p.with({ signal: already }).add(1, 2)).rejects.toMatchObject({ name: "AbortError" });
    expect(p.stats.replaced).toBe(0);

    const first = p.api.sleep(300);
    const queued = new AbortController();
    const second = p.with({ signal: queued.signal }).add(1, 2);
    queued.abort();
    await expect(second).rejects.toMatchObject({ name: "AbortError" });
    await expect(first).resolves.toBeTypeOf("number");
    expect(p.stats.replaced).toBe(0);

    const running = new AbortController();
    const spinning = p.with({ signal: running.signal }).spin();
    await until(() => p.stats.busy === 1); // running, not just sent: a call aborted before a worker takes it replaces no one
    running.abort(new Error("user gave up"));
    await expect(spinning).rejects.toThrow("user gave up");
    expect(p.stats.replaced).toBe(1);
    expect(await p.api.add(3, 4)).toBe(7);
  });

  it("transfers ArrayBuffers both ways", async () => {
    const p = pool(1);
    const buffer = new ArrayBuffer(1024);
    const back = await p.api.fill(transfer(buffer, [buffer]), 7);
    expect(buffer.byteLength).toBe(0); // moved, not copied
    expect(new Uint8Array(back)[1023]).toBe(7);
  });

  it("close() rejects running and later calls", async () => {
    const p = pool(1);
    const running = p.api.sleep(5_000).catch((e: unknown) => e);
    await until(() => p.stats.busy === 1); // really running, not just sent
    const queued = p.api.add(1, 1).catch((e: unknown) => e);
    expect(p.stats).toMatchObject({ busy: 1, queued: 1, transport: "shared-memory" });
    await p.close();
    expect(await running).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
    await expect(p.api.add(1, 1)).rejects.toBeInstanceOf(PoolClosedError);
  });

  it("rejects a bad size", () => {
    expect(() => createPool<MathApi>(workerUrl, { size: 0 })).toThrow(RangeError);
    expect(() => createPool<MathApi>(workerUrl, { size: 1.5 })).toThrow(RangeError);
  });
});

describe("a worker module that cannot start", () => {
  it("fails calls and ready() with the load error instead of respawning forever", async () => {
    const p = createPool<MathApi>(new URL("./fixtures/does-not-exist.worker.mjs", import.meta.url), { size: 2 });
    pools.push(p);
    await expect(p.ready()).rejects.toThrow(/worker failed to start: .*does-not-exist/);
    await expect(p.api.add(1, 2)).rejects.toThrow(/worker failed to start/);
    expect(p.stats.replaced).toBe(0);
  });

  it("reports a module that throws at its top level", async () => {
    const p = createPool<MathApi>(new URL("./fixtures/throws-on-load.worker.mjs", import.meta.url), { size: 1 });
    pools.push(p);
    await expect(p.api.add(1, 2)).rejects.toThrow("worker failed to start: config missing");
  });
});

describe("workers that never come up", () => {
  it("a worker that loads but never calls expose() fails to start after startTimeout", async () => {
    const p = createPool<MathApi>(new URL("./fixtures/silent.worker.mjs", import.meta.url), { size: 1, startTimeout: 300 });
    pools.push(p);
    await expect(p.ready()).rejects.toThrow("worker failed to start: it did not answer within 300 ms");
    await expect(p.api.add(1, 2)).rejects.toThrow(/worker failed to start/);
  });

  it("a runtime that refuses to start a worker is a start failure, not a throw", async () => {
    const refusing = { ...nodeAdapter, startWorker: () => { throw new Error("EMFILE: too many open files"); } };
    const p = new Pool<MathApi>(refusing, workerUrl, { size: 2 });
    pools.push(p);
    await expect(p.ready()).rejects.toThrow("worker failed to start: EMFILE: too many open files");
    await expect(p.api.add(1, 2)).rejects.toThrow("worker failed to start: EMFILE: too many open files");
  });
});

describe("pipelined calls, and the message transport", () => {
  for (const transport of ["auto", "message"] as const) {
    it(`${transport}: calls queued behind a crash all settle, none is lost`, async () => {
      const p = createPool<MathApi>(workerUrl, { size: 1, transport });
      pools.push(p);
      await p.ready();
      const calls = Array.from({ length: 30 }, (_, i) => (i === 10 ? p.api.crashLater() : p.api.add(i, 1)));
      const results = await Promise.allSettled(calls);
      results.forEach((r, i) => {
        if (i === 10) expect(r.status === "rejected" && r.reason instanceof WorkerCrashedError).toBe(true);
        else expect(r).toEqual({ status: "fulfilled", value: i + 1 });
      });
      expect(p.stats).toMatchObject({ busy: 0, queued: 0, inFlight: 0, replaced: 1, transport: transport === "auto" ? "shared-memory" : "message" });
    });
  }

  it("message: errors keep their stack, timeouts replace the worker, transfers move", async () => {
    const p = createPool<MathApi>(workerUrl, { size: 1, transport: "message" });
    pools.push(p);
    const error = (await p.api.failWithMessage("bad input 42").catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.stack).toContain("math.worker.mjs");
    await expect(p.with({ timeout: 100 }).spin()).rejects.toBeInstanceOf(TaskTimeoutError);
    const buffer = new ArrayBuffer(64);
    const back = await p.api.fill(transfer(buffer, [buffer]), 3);
    expect([buffer.byteLength, new Uint8Array(back)[63]]).toEqual([0, 3]);
    expect(p.stats).toMatchObject({ replaced: 1, transport: "message" });
  });
});

describe("values arrive exactly as structured clone delivers them", () => {
  for (const transport of ["auto", "message"] as const) {
    it(`${transport}: every value of the matrix, there and back`, async () => {
      const p = createPool<MathApi>(workerUrl, { size: 1, transport });
      pools.push(p);
      for (const [label, value] of VALUE_MATRIX) expect(fingerprint(await p.api.echo(value)), label).toBe(fingerprint(structuredClone(value)));
    });
  }
});
