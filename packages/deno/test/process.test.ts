import assert from "node:assert/strict";
import { Pool, WorkerCrashedError, mandelbrot, processAdapter, type BenchWorkerApi, type RuntimeAdapter } from "@threadlab/core";
import { denoAdapter } from "../src/index.ts";
import type { ProcessHandle } from "../src/process.ts";

/** The Deno adapter, keeping every child process it starts so the test can kill one and check they are gone. */
function tracked(): { adapter: RuntimeAdapter; handles: ProcessHandle[] } {
  const handles: ProcessHandle[] = [];
  const adapter: RuntimeAdapter = {
    ...denoAdapter,
    startProcess(options) {
      const handle = denoAdapter.startProcess!(options) as ProcessHandle;
      handles.push(handle);
      return handle;
    },
  };
  return { adapter: processAdapter(adapter), handles };
}

const settled = (p: Promise<unknown>) =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 0))]);

const rows = (size: number, y0: number, y1: number) => ({ size, y0, y1 });

Deno.test("a process pool runs kernels in child Deno processes; typed-array results arrive intact", async () => {
  const { adapter, handles } = tracked();
  const pool = new Pool<BenchWorkerApi>(adapter, denoAdapter.benchWorkerUrl, { size: 2, timeout: 30_000 });
  try {
    await pool.ready();
    assert.equal(handles.length, 2);
    assert.equal(await pool.api.ping(), 0);
    const size = 200;
    const parts = await Promise.all([0, 50, 100, 150].map((y0) => pool.api.runKernel("mandelbrot", "rows", rows(size, y0, y0 + 50))));
    for (const [i, part] of parts.entries()) {
      assert.ok(part instanceof Uint8Array, `part ${i} is ${Object.prototype.toString.call(part)}`);
      assert.deepEqual(part, mandelbrot.kernels.rows!(rows(size, i * 50, i * 50 + 50)));
    }
    await assert.rejects(pool.api.runKernel("mandelbrot", "nope", {}), /no kernel "nope"/);
    assert.equal(pool.stats.replaced, 0);
  } finally {
    await pool.close();
  }
  // close() waited for every child to be gone (its exit status collected).
  for (const h of handles) assert.ok(await settled(h.process.status), `child ${h.process.pid} still running`);
});

Deno.test("a killed child rejects its in-flight call with WorkerCrashedError and is replaced", async () => {
  const { adapter, handles } = tracked();
  const pool = new Pool<BenchWorkerApi>(adapter, denoAdapter.benchWorkerUrl, { size: 1, timeout: 30_000 });
  try {
    await pool.ready();
    const running = pool.api.runKernel("mandelbrot", "rows", rows(400, 0, 400));
    handles[0]!.process.kill("SIGKILL"); // before it can answer: the call is in flight
    const error = await running.catch((e: unknown) => e);
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.match(String(error.exit.error?.message), /SIGKILL/);
    assert.equal(pool.stats.replaced, 1);
    assert.equal(handles.length, 2);
    const again = await pool.api.runKernel("mandelbrot", "rows", rows(64, 0, 64));
    assert.deepEqual(again, mandelbrot.kernels.rows!(rows(64, 0, 64)));
  } finally {
    await pool.close();
  }
  for (const h of handles) assert.ok(await settled(h.process.status), `child ${h.process.pid} still running`);
});
