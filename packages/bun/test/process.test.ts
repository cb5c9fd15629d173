import { expect, test } from "bun:test";
import { Pool, WorkerCrashedError, mandelbrot, processAdapter, type BenchWorkerApi, type RuntimeAdapter } from "@threadlab/core";
import { bunAdapter } from "../src/index.ts";
import type { ProcessHandle } from "../src/process.ts";

/** The Bun adapter, keeping every child process it starts so the test can kill one and check they are gone. */
function tracked(): { adapter: RuntimeAdapter; handles: ProcessHandle[] } {
  const handles: ProcessHandle[] = [];
  const adapter: RuntimeAdapter = {
    ...bunAdapter,
    startProcess(options) {
      const handle = bunAdapter.startProcess!(options) as ProcessHandle;
      handles.push(handle);
      return handle;
    },
  };
  return { adapter: processAdapter(adapter), handles };
}

/** True when no process with this pid exists any more. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "ESRCH";
  }
}

const rows = (size: number, y0: number, y1: number) => ({ size, y0, y1 });

test("a process pool runs kernels in child Bun processes; typed-array results arrive intact", async () => {
  const { adapter, handles } = tracked();
  const pool = new Pool<BenchWorkerApi>(adapter, bunAdapter.benchWorkerUrl, { size: 2, timeout: 30_000 });
  try {
    await pool.ready();
    expect(handles.length).toBe(2);
    expect(await pool.api.ping()).toBe(0);
    const size = 200;
    const parts = await Promise.all([0, 50, 100, 150].map((y0) => pool.api.runKernel("mandelbrot", "rows", rows(size, y0, y0 + 50))));
    for (const [i, part] of parts.entries()) {
      expect(part).toBeInstanceOf(Uint8Array);
      expect(part).toEqual(mandelbrot.kernels.rows!(rows(size, i * 50, i * 50 + 50)));
    }
    await expect(pool.api.runKernel("mandelbrot", "nope", {})).rejects.toThrow('no kernel "nope"');
    expect(pool.stats.replaced).toBe(0);
  } finally {
    await pool.close();
  }
  for (const h of handles) expect(gone(h.process.pid)).toBe(true);
});

test("a killed child rejects its in-flight call with WorkerCrashedError and is replaced", async () => {
  const { adapter, handles } = tracked();
  const pool = new Pool<BenchWorkerApi>(adapter, bunAdapter.benchWorkerUrl, { size: 1, timeout: 30_000 });
  try {
    await pool.ready();
    const running = pool.api.runKernel("mandelbrot", "rows", rows(400, 0, 400));
    handles[0]!.process.kill("SIGKILL"); // before it can answer: the call is in flight
    const error = (await running.catch((e: unknown) => e)) as WorkerCrashedError;
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect(String(error.exit.error?.message)).toMatch(/SIGKILL/);
    expect(pool.stats.replaced).toBe(1);
    expect(handles.length).toBe(2);
    expect(await pool.api.runKernel("mandelbrot", "rows", rows(64, 0, 64))).toEqual(mandelbrot.kernels.rows!(rows(64, 0, 64)));
  } finally {
    await pool.close();
  }
  for (const h of handles) expect(gone(h.process.pid)).toBe(true);
});
