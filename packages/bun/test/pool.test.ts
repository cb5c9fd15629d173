import { describe, expect, test } from "bun:test";
import { PoolClosedError, TaskTimeoutError, WorkerCrashedError, createPool, transfer, type Pool, type PoolOptions } from "../src/index.ts";
import type { MathApi } from "./fixtures/math.worker.ts";
import { until } from "../../core/test/until.ts";
import { VALUE_MATRIX, fingerprint } from "../../core/test/value-matrix.ts";

const MATH = new URL("./fixtures/math.worker.ts", import.meta.url);

/** Runs `body` with a fresh pool and always closes it, so no worker outlives its test. */
async function withPool(size: number, body: (pool: Pool<MathApi>) => Promise<void>, options: PoolOptions = {}): Promise<void> {
  const pool = createPool<MathApi>(MATH, { size, name: "test", ...options });
  try {
    await body(pool);
  } finally {
    await pool.close();
  }
}

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

const IDLE = { busy: 0, queued: 0, inFlight: 0, replaced: 0, transport: "shared-memory" };

describe("@threadlab/bun pool", () => {
  test("calls the worker's functions, typed, on every worker", () =>
    withPool(2, async (pool) => {
      await pool.ready();
      expect(pool.size).toBe(2);
      expect(await pool.api.add(2, 3)).toBe(5);
      expect(await Promise.all([20, 21, 22, 23].map((n) => pool.api.fib(n)))).toEqual([6765, 10946, 17711, 28657]);
      // Calls that overlap in time spread over the workers (quick ones may all go to the first worker awake).
      const ids = await Promise.all([0, 1].map(() => pool.api.threadIdAfter(100)));
      expect(new Set(ids).size).toBe(2);
      expect(pool.stats).toMatchObject(IDLE);
    }));

  test("a thrown error rejects with the worker's message and stack", () =>
    withPool(1, async (pool) => {
      const error = (await caught(pool.api.throwError("bad input"))) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe("bad input");
      expect(error.name).toBe("TypeError");
      expect(error.stack).toMatch(/throwError/);
      expect(error.stack).toMatch(/math\.worker\.ts/);
      expect(await pool.api.add(1, 1)).toBe(2);
      expect(pool.stats.replaced).toBe(0);
    }));

  test("an uncaught error in the worker rejects with WorkerCrashedError and replaces the worker", () =>
    withPool(1, async (pool) => {
      await pool.ready();
      const error = (await caught(pool.api.crash())) as WorkerCrashedError;
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error.message).toMatch(/crash\(\).*crashed on purpose/);
      expect(error.exit.error).toBeInstanceOf(Error);
      expect(error.exit.error?.stack).toMatch(/math\.worker\.ts/);
      expect(pool.stats.replaced).toBe(1);
      expect(await pool.api.add(2, 2)).toBe(4);
    }));

  test("process.exit() in the worker is reported as a crash with its code", () =>
    withPool(1, async (pool) => {
      const error = (await caught(pool.api.exit(7))) as WorkerCrashedError;
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(error.exit.code).toBe(7);
      expect(pool.stats.replaced).toBe(1);
      expect(await pool.api.add(3, 4)).toBe(7);
    }));

  test("an endless loop past its timeout rejects with TaskTimeoutError; the worker is ended and replaced", () =>
    withPool(1, async (pool) => {
      const error = (await caught(pool.with({ timeout: 100 }).spin(Infinity))) as TaskTimeoutError;
      expect(error).toBeInstanceOf(TaskTimeoutError);
      expect(error.timeoutMs).toBe(100);
      expect(pool.stats.replaced).toBe(1);
      expect(await pool.api.add(5, 5)).toBe(10);
      // The looping thread is really gone: the process stops burning a core.
      await Bun.sleep(50);
      const base = process.cpuUsage();
      await Bun.sleep(500);
      const used = process.cpuUsage(base);
      expect((used.user + used.system) / 1000).toBeLessThan(250);
    }));

  test("after a hung worker was ended, the program exits by itself (no process.exit)", async () => {
    const proc = Bun.spawn([process.execPath, new URL("./fixtures/hang-main.ts", import.meta.url).pathname], { stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    clearTimeout(timer);
    expect(proc.signalCode, "did not exit by itself within 15 s").toBeNull();
    expect(code, stderr).toBe(0);
    expect(stdout).toBe("timed out\nafter: 3\n");
  }, 20_000);

  test("abort before the call is queued rejects at once", () =>
    withPool(1, async (pool) => {
      const controller = new AbortController();
      controller.abort(new Error("not wanted"));
      await expect(pool.with({ signal: controller.signal }).add(1, 1)).rejects.toThrow("not wanted");
      expect(pool.stats).toMatchObject(IDLE);
    }));

  test("abort while queued removes the call and leaves the worker alone", () =>
    withPool(1, async (pool) => {
      await pool.ready(); // calls wait in the queue until a worker has answered once
      const controller = new AbortController();
      const first = pool.api.sleep(200);
      await until(() => pool.stats.busy === 1);
      const queued = pool.with({ signal: controller.signal }).add(1, 1);
      expect(pool.stats.queued).toBe(1);
      controller.abort();
      expect(((await caught(queued)) as Error).name).toBe("AbortError");
      expect(pool.stats.queued).toBe(0);
      expect(await first).toBe(200);
      expect(pool.stats.replaced).toBe(0);
    }));

  test("abort while running rejects, terminates and replaces the worker", () =>
    withPool(1, async (pool) => {
      const controller = new AbortController();
      const running = pool.with({ signal: controller.signal }).sleep(30_000);
      await until(() => pool.stats.busy === 1); // running, not just sent: a call aborted before a worker takes it replaces no one
      controller.abort();
      expect(((await caught(running)) as Error).name).toBe("AbortError");
      expect(pool.stats.replaced).toBe(1);
      expect(await pool.api.add(20, 22)).toBe(42);
    }));

  test("transfer() moves an ArrayBuffer: the sender's copy is detached", () =>
    withPool(1, async (pool) => {
      const buffer = new Uint8Array(1 << 20).fill(7).buffer;
      const back = await pool.api.echoBuffer(transfer(buffer, [buffer]));
      expect(buffer.byteLength).toBe(0);
      expect(back.byteLength).toBe(1 << 20);
      expect(new Uint8Array(back.buffer)[12345]).toBe(7);
    }));

  test("close() rejects running, queued and later calls with PoolClosedError", async () => {
    const pool = createPool<MathApi>(MATH, { size: 1 });
    const running = caught(pool.api.sleep(10_000));
    await until(() => pool.stats.busy === 1); // really running, not just sent
    const queued = caught(pool.api.add(1, 2));
    expect(pool.stats).toMatchObject({ busy: 1, queued: 1 });
    await pool.close();
    expect(await running).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
    expect(await caught(pool.api.add(1, 2))).toBeInstanceOf(PoolClosedError);
  });

  for (const transport of ["auto", "message"] as const) {
    test(`${transport}: calls queued behind a crash all settle, none is lost`, () =>
      withPool(
        1,
        async (pool) => {
          await pool.ready();
          const calls = Array.from({ length: 30 }, (_, i) => (i === 10 ? pool.api.crash() : pool.api.add(i, 1)));
          const results = await Promise.allSettled(calls);
          results.forEach((r, i) => {
            if (i === 10) expect(r.status === "rejected" && r.reason instanceof WorkerCrashedError).toBe(true);
            else expect(r).toEqual({ status: "fulfilled", value: i + 1 });
          });
          expect(pool.stats).toMatchObject({ ...IDLE, replaced: 1, transport: transport === "auto" ? "shared-memory" : "message" });
        },
        { transport },
      ));
  }

  test("message transport: errors keep their class, timeouts replace the worker, transfers move", () =>
    withPool(
      1,
      async (pool) => {
        const error = (await caught(pool.api.throwError("bad input"))) as Error;
        expect(error).toBeInstanceOf(TypeError);
        expect(await caught(pool.with({ timeout: 100 }).spin(Infinity))).toBeInstanceOf(TaskTimeoutError);
        const buffer = new Uint8Array(64).fill(3).buffer;
        const back = await pool.api.echoBuffer(transfer(buffer, [buffer]));
        expect([buffer.byteLength, back.byteLength]).toEqual([0, 64]);
        expect(pool.stats.transport).toBe("message");
      },
      { transport: "message" },
    ));

  for (const transport of ["auto", "message"] as const) {
    test(`${transport}: every value of the matrix arrives as structured clone delivers it, there and back`, () =>
      withPool(
        1,
        async (pool) => {
          for (const [label, value] of VALUE_MATRIX) expect(fingerprint(await pool.api.echo(value)), label).toBe(fingerprint(structuredClone(value)));
        },
        { transport },
      ));
  }

  for (const transport of ["auto", "message"] as const) {
    test(`${transport}: a thrown error keeps its class, own properties and cause`, () =>
      withPool(
        1,
        async (pool) => {
          const e = (await caught(pool.api.richFailure())) as TypeError & { code?: string; details?: unknown };
          expect(e).toBeInstanceOf(TypeError);
          expect([e.message, e.code, e.details]).toEqual(["rich failure", "E_RICH", { a: 1 }]);
          expect(e.cause).toBeInstanceOf(Error);
          expect((e.cause as Error).message).toBe("root");
        },
        { transport },
      ));
  }
});
