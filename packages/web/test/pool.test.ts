import { rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { Pool } from "../src/index.ts";
import type { MathApi } from "./fixtures/math.worker.ts";
import type { Scenarios } from "./fixtures/pool-page.ts";
import { CHROMIUM_ARGS, buildPoolFixture, chromiumPath, noChromium, serveStatic, type StaticServer } from "./helpers.ts";

type Outcome<K extends keyof Scenarios> = Awaited<ReturnType<Scenarios[K]>>;

describe.skipIf(noChromium)("createPool in a real Chromium page (module Web Workers)", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await buildPoolFixture();
    server = await serveStatic(dir);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}index.html`);
    await page.waitForFunction(() => "scenarios" in globalThis);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = <K extends keyof Scenarios>(name: K, ...args: Parameters<Scenarios[K]>): Promise<Outcome<K>> =>
    page.evaluate(
      ([n, a]) => (globalThis as unknown as { scenarios: Record<string, (...a: unknown[]) => Promise<unknown>> }).scenarios[n as string]!(...(a as unknown[])),
      [name, args] as const,
    ) as Promise<Outcome<K>>;

  it("has typed methods mirroring the worker's API", () => {
    expectTypeOf<Pool<MathApi>["api"]["add"]>().toEqualTypeOf<(a: number, b: number) => Promise<number>>();
    expectTypeOf<Pool<MathApi>["api"]["sleep"]>().toEqualTypeOf<(ms: number) => Promise<string>>();
  });

  it("runs in a cross-origin isolated page (SharedArrayBuffer available)", async () => {
    expect(await run("environment")).toEqual({ crossOriginIsolated: true, sharedArrayBuffer: true });
  });

  it("calls the worker's functions and spreads concurrent calls over workers", async () => {
    expect(await run("happy")).toEqual({ sum: 5, fib20: 6765, distinctWorkers: 2, size: 2 });
  });

  it("rejects with the worker's error, message and stack; the worker keeps serving", async () => {
    const { result, replaced, after } = await run("error");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ isError: true, name: "TypeError", message: "bad input 42" });
    expect(result.error.stack).toContain("failWithMessage");
    expect(result.error.stack).toContain("math.worker");
    expect(replaced).toBe(0);
    expect(after).toBe(2);
  });

  it("rejects the in-flight call when a worker crashes (uncaught error), and replaces it", async () => {
    const { result, before, after, replaced } = await run("crash");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.crashed).toBe(true);
    expect(result.error.name).toBe("WorkerCrashedError");
    expect(result.error.message).toContain("uncaught in a timer");
    expect(after).not.toBe(before);
    expect(replaced).toBe(1);
  });

  it("treats an unhandled rejection in a worker as a crash", async () => {
    const { result, replaced, after } = await run("unhandledRejection");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.crashed).toBe(true);
    expect(result.error.message).toContain("nobody caught this");
    expect(replaced).toBe(1);
    expect(after).toBe(4);
  });

  it("terminates and replaces a worker stuck in for(;;) past its timeout", async () => {
    const { result, elapsed, before, after, replaced } = await run("timeout");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.timeout).toBe(true);
    expect(result.error.name).toBe("TaskTimeoutError");
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(5_000);
    expect(after).not.toBe(before);
    expect(replaced).toBe(1);
  });

  it("honours an AbortSignal already aborted, while queued, and while running", async () => {
    const r = await run("abort");
    expect(r.already).toMatchObject({ ok: false, error: { name: "AbortError" } });
    expect(r.replacedAfterAlready).toBe(0);
    expect(r.queuedResult).toMatchObject({ ok: false, error: { name: "AbortError" } });
    expect(r.firstResult).toMatchObject({ ok: true });
    expect(r.replacedAfterQueued).toBe(0);
    expect(r.runningResult).toMatchObject({ ok: false, error: { message: "user gave up" } });
    expect(r.replaced).toBe(1);
    expect(r.after).toBe(7);
  });

  it("transfers ArrayBuffers both ways (moved, not copied)", async () => {
    expect(await run("transfer")).toEqual({ sentLength: 0, backLength: 1024, last: 7 });
  });

  it("shares memory: two workers add to one SharedArrayBuffer with Atomics", async () => {
    expect(await run("shared")).toEqual({ total: 200_000 });
  });

  it("close() rejects running, queued and later calls with PoolClosedError", async () => {
    const r = await run("close");
    expect(r.before).toMatchObject({ busy: 1, queued: 1, transport: "shared-memory" });
    for (const outcome of [r.running, r.queued, r.later]) {
      expect(outcome).toMatchObject({ ok: false, error: { closed: true, name: "PoolClosedError" } });
    }
  });

  for (const transport of ["auto", "message"] as const) {
    it(`${transport}: calls queued behind a crash all settle, none is lost`, async () => {
      const { results, stats } = await run("pipelinedCrash", transport);
      results.forEach((r, i) => {
        if (i === 10) expect(r).toMatchObject({ ok: false, error: { crashed: true } });
        else expect(r).toEqual({ ok: true, value: i + 1 });
      });
      expect(stats).toMatchObject({ busy: 0, queued: 0, inFlight: 0, replaced: 1, transport: transport === "auto" ? "shared-memory" : "message" });
    });
  }

  it("message transport: errors keep their class, timeouts replace the worker, transfers move", async () => {
    const r = await run("messageTransport");
    expect(r.error).toMatchObject({ ok: false, error: { name: "TypeError", message: "bad input 42" } });
    expect(r.timeout).toMatchObject({ ok: false, error: { timeout: true } });
    expect(r.moved).toEqual([0, 3]);
    expect(r.stats).toMatchObject({ replaced: 1, transport: "message" });
  });

  for (const transport of ["auto", "message"] as const) {
    it(`${transport}: every value of the matrix arrives as structured clone delivers it, there and back`, async () => {
      const r = await run("valueMatrix", transport);
      expect(r).toEqual({ checked: expect.any(Number), mismatches: [], transport: transport === "auto" ? "shared-memory" : "message" });
      expect(r.checked).toBeGreaterThan(40);
    });
  }

  for (const transport of ["auto", "message"] as const) {
    it(`${transport}: a thrown error keeps its class, own properties and cause`, async () => {
      expect(await run("richError", transport)).toEqual({
        isTypeError: true,
        message: "rich failure",
        code: "E_RICH",
        details: { a: 1 },
        causeIsError: true,
        causeMessage: "root",
      });
    });
  }

  it("a worker that calls self.close() fails its call clearly, is replaced, and the pool keeps serving (issue 10, item 3)", async () => {
    const { result, changed, replaced, workers } = await run("selfClose");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ crashed: true, name: "WorkerCrashedError" });
    expect(result.error.message).toContain("closed itself");
    expect({ changed, replaced, workers }).toEqual({ changed: true, replaced: 1, workers: 1 });
  });

  it("passes core's pool-feature cases in the page (back-pressure, deadlines, recycling, sizing, close, stats)", async () => {
    const outcomes = await run("features");
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(9);
    for (const [name, outcome] of Object.entries(outcomes)) expect(outcome, name).toBe("ok");
  }, 60_000);

  it("fault matrix: each case fails clearly and the pool keeps serving", async () => {
    const outcomes = await run("faults");
    for (const [name, { ok, outcome }] of Object.entries(outcomes)) {
      console.log(`fault matrix | chromium | ${name} | ${outcome}`);
      expect(ok, `${name}: ${outcome}`).toBe(true);
    }
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it("rejects a bad size", async () => {
    expect(await run("badSize")).toEqual({ zero: "RangeError", fraction: "RangeError" });
  });

  it("kept worker crashes away from the page (no page errors)", () => {
    expect(pageErrors).toEqual([]);
  });
});
