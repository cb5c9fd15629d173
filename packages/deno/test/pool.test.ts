import assert from "node:assert/strict";
import { PoolClosedError, TaskTimeoutError, WorkerCrashedError, createPool, transfer, type Pool, type PoolOptions } from "../src/index.ts";
import type { MathApi } from "./fixtures/math.worker.ts";
import { flagsFor, runDeno } from "./helpers.ts";
import { until } from "../../core/test/until.ts";
import { VALUE_MATRIX, fingerprint } from "../../core/test/value-matrix.ts";

const MATH = new URL("./fixtures/math.worker.ts", import.meta.url);

const IDLE = { busy: 0, queued: 0, inFlight: 0, replaced: 0, transport: "shared-memory" };
/** The stats `expected` names (the rest, counts and percentiles, vary from run to run). */
const statsLike = (stats: object, expected: object) => Object.fromEntries(Object.keys(expected).map((k) => [k, (stats as Record<string, unknown>)[k]]));

/** Runs `body` with a fresh pool and always closes it, so no worker outlives its test. */
async function withPool<T = MathApi>(
  size: number,
  body: (pool: Pool<T>) => Promise<void>,
  url: URL = MATH,
  options: PoolOptions = {},
): Promise<void> {
  const pool = createPool<T>(url, { size, name: "test", ...options });
  try {
    await body(pool);
  } finally {
    await pool.close();
  }
}

Deno.test("calls the worker's functions, typed, on every worker", () =>
  withPool(2, async (pool) => {
    await pool.ready();
    assert.equal(pool.size, 2);
    assert.equal(await pool.api.add(2, 3), 5);
    const fibs = await Promise.all([20, 21, 22, 23].map((n) => pool.api.fib(n)));
    assert.deepEqual(fibs, [6765, 10946, 17711, 28657]);
    // Calls that overlap in time spread over the workers (quick ones may all go to the first worker awake).
    const names = new Set(await Promise.all([0, 1].map(() => pool.api.nameAfter(100))));
    assert.equal(names.size, 2);
    assert.ok([...names].every((n) => /^test-\d+$/.test(n)), [...names].join());
    assert.deepEqual(statsLike(pool.stats, IDLE), IDLE);
  }));

Deno.test("holds calls until a worker with top-level await has called expose()", () =>
  withPool<{ greet(name: string): string }>(
    1,
    async (pool) => {
      assert.equal(await pool.with({ timeout: 5_000 }).greet("deno"), "hello, deno");
    },
    new URL("./fixtures/slow-start.worker.ts", import.meta.url),
  ));

Deno.test("a thrown error rejects with the worker's message and stack", () =>
  withPool(1, async (pool) => {
    const error = await pool.api.throwError("bad input").catch((e: unknown) => e);
    assert.ok(error instanceof Error);
    assert.equal(error.message, "bad input");
    assert.equal(error.name, "TypeError");
    assert.match(error.stack ?? "", /throwError/);
    assert.match(error.stack ?? "", /math\.worker\.ts/);
    // An error is an answer, not a crash: the worker stays.
    assert.equal(await pool.api.add(1, 1), 2);
    assert.equal(pool.stats.replaced, 0);
  }));

Deno.test("an uncaught error in the worker rejects the call with WorkerCrashedError and replaces the worker", () =>
  withPool(1, async (pool) => {
    await pool.ready();
    const error = await pool.api.crash().catch((e: unknown) => e);
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.match(error.message, /crash\(\).*crashed on purpose/);
    assert.ok(error.exit.error instanceof Error);
    assert.equal(pool.stats.replaced, 1);
    assert.equal(await pool.api.add(2, 2), 4);
  }));

Deno.test("self.close() and Deno.exit() in the worker are reported as crashes", () =>
  withPool(1, async (pool) => {
    const closed = await pool.api.close().catch((e: unknown) => e);
    assert.ok(closed instanceof WorkerCrashedError, String(closed));
    assert.equal(await pool.api.add(1, 2), 3);
    const exited = await pool.api.exit(7).catch((e: unknown) => e);
    assert.ok(exited instanceof WorkerCrashedError, String(exited));
    assert.equal(exited.exit.code, 7);
    assert.equal(pool.stats.replaced, 2);
    assert.equal(await pool.api.add(3, 4), 7);
  }));

Deno.test("a call past its timeout rejects with TaskTimeoutError and the worker is replaced", () =>
  withPool(1, async (pool) => {
    // Finite (1.5 s): Deno 2.9 cannot stop a thread busy in synchronous code
    // (README "Sharp edges"), and an endless loop here would burn a core for
    // the rest of the test run. The endless case runs in its own process below.
    const error = await pool.with({ timeout: 100 }).spin(1_500).catch((e: unknown) => e);
    assert.ok(error instanceof TaskTimeoutError, String(error));
    assert.equal(error.timeoutMs, 100);
    assert.equal(pool.stats.replaced, 1);
    assert.equal(await pool.api.add(5, 5), 10);
  }));

Deno.test("after a hung worker was ended, the program exits by itself (no Deno.exit)", async () => {
  const flags = await flagsFor({ read: ["src", "test", "../core/src"] });
  const run = await runDeno(["run", "--no-prompt", ...flags, "test/fixtures/hang-main.ts"], 15_000);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "timed out\nafter: 3\n");
});

Deno.test("abort before the call is queued rejects at once", () =>
  withPool(1, async (pool) => {
    const controller = new AbortController();
    controller.abort(new Error("not wanted"));
    await assert.rejects(pool.with({ signal: controller.signal }).add(1, 1), /not wanted/);
    assert.deepEqual(statsLike(pool.stats, IDLE), IDLE);
  }));

Deno.test("abort while queued removes the call and leaves the worker alone", () =>
  withPool(1, async (pool) => {
    await pool.ready(); // calls wait in the queue until a worker has answered once
    const controller = new AbortController();
    const first = pool.api.sleep(200);
    await until(() => pool.stats.busy === 1);
    const queued = pool.with({ signal: controller.signal }).add(1, 1);
    assert.equal(pool.stats.queued, 1);
    controller.abort();
    await assert.rejects(queued, (e: Error) => e.name === "AbortError");
    assert.equal(pool.stats.queued, 0);
    assert.equal(await first, 200);
    assert.equal(pool.stats.replaced, 0);
  }));

Deno.test("abort while running rejects, terminates and replaces the worker", () =>
  withPool(1, async (pool) => {
    const controller = new AbortController();
    const running = pool.with({ signal: controller.signal }).sleep(30_000);
    await until(() => pool.stats.busy === 1); // running, not just sent: a call aborted before a worker takes it replaces no one
    controller.abort();
    await assert.rejects(running, (e: Error) => e.name === "AbortError");
    assert.equal(pool.stats.replaced, 1);
    assert.equal(await pool.api.add(20, 22), 42);
  }));

Deno.test("transfer() moves an ArrayBuffer: the sender's copy is detached", () =>
  withPool(1, async (pool) => {
    const buffer = new Uint8Array(1 << 20).fill(7).buffer;
    const back = await pool.api.echoBuffer(transfer(buffer, [buffer]));
    assert.equal(buffer.byteLength, 0);
    assert.equal(back.byteLength, 1 << 20);
    assert.equal(new Uint8Array(back.buffer)[12345], 7);
  }));

Deno.test("close() rejects running, queued and later calls with PoolClosedError", async () => {
  const pool = createPool<MathApi>(MATH, { size: 1 });
  const running = assert.rejects(pool.api.sleep(10_000), PoolClosedError);
  await until(() => pool.stats.busy === 1); // really running, not just sent
  const queued = assert.rejects(pool.api.add(1, 2), PoolClosedError);
  assert.equal(pool.stats.queued, 1);
  await pool.close();
  await running;
  await queued;
  await assert.rejects(pool.api.add(1, 2), PoolClosedError);
});

for (const transport of ["auto", "message"] as const) {
  Deno.test(`${transport}: calls queued behind a crash all settle, none is lost`, () =>
    withPool(1, async (pool) => {
      await pool.ready();
      const calls = Array.from({ length: 30 }, (_, i) => (i === 10 ? pool.api.crash() : pool.api.add(i, 1)));
      const results = await Promise.allSettled(calls);
      results.forEach((r, i) => {
        if (i === 10) assert.ok(r.status === "rejected" && r.reason instanceof WorkerCrashedError, String(i));
        else assert.deepEqual(r, { status: "fulfilled", value: i + 1 });
      });
      const expected = { ...IDLE, replaced: 1, transport: transport === "auto" ? "shared-memory" : "message" };
      assert.deepEqual(statsLike(pool.stats, expected), expected);
    }, MATH, { transport }));
}

Deno.test("message transport: errors keep their class, timeouts replace the worker, transfers move", () =>
  withPool(1, async (pool) => {
    await assert.rejects(pool.api.throwError("bad input"), (e: Error) => e instanceof TypeError && e.message === "bad input");
    // Finite, as above: an endless loop here burned a core for the rest of the test run.
    await assert.rejects(pool.with({ timeout: 100 }).spin(1_500), TaskTimeoutError);
    const buffer = new Uint8Array(64).fill(3).buffer;
    const back = await pool.api.echoBuffer(transfer(buffer, [buffer]));
    assert.deepEqual([buffer.byteLength, back.byteLength], [0, 64]);
    assert.equal(pool.stats.transport, "message");
  }, MATH, { transport: "message" }));

for (const transport of ["auto", "message"] as const) {
  Deno.test(`${transport}: every value of the matrix arrives as structured clone delivers it, there and back`, () =>
    withPool(1, async (pool) => {
      for (const [label, value] of VALUE_MATRIX) assert.equal(fingerprint(await pool.api.echo(value)), fingerprint(structuredClone(value)), label);
    }, MATH, { transport }));
}

for (const transport of ["auto", "message"] as const) {
  Deno.test(`${transport}: a thrown error keeps its class, own properties and cause`, () =>
    withPool(1, async (pool) => {
      const e = (await pool.api.richFailure().catch((x: unknown) => x)) as TypeError & { code?: string; details?: unknown };
      assert.ok(e instanceof TypeError);
      assert.deepEqual([e.message, e.code, e.details], ["rich failure", "E_RICH", { a: 1 }]);
      assert.ok(e.cause instanceof Error);
      assert.equal((e.cause as Error).message, "root");
    }, MATH, { transport }));
}
