import type { Plan } from "../schema/plan.ts";
import type { AsyncResult } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { mandelbrot } from "../workloads/mandelbrot.ts";
import { measure } from "./measure.ts";
import { byPreset } from "../workloads/types.ts";
import type { Skip } from "./run-experiments.ts";

type Op = () => Promise<unknown>;

const MODES: Record<AsyncResult["runs"][number]["mode"], (ops: Op[], limit: number) => Promise<unknown>> = {
  /** Await each operation before starting the next. */
  async sequential(ops) {
    for (const op of ops) await op();
  },
  /** Start them all, then await them together. */
  all: (ops) => Promise.all(ops.map((op) => op())),
  /** At most `limit` in flight: a small pool of async loops taking the next operation. */
  async limited(ops, limit) {
    let next = 0;
    const lane = async () => {
      while (next < ops.length) await ops[next++]!();
    };
    await Promise.all(Array.from({ length: Math.min(limit, ops.length) }, lane));
  },
};

/**
 * Asynchronous processing on one thread: K operations awaited one by one, all
 * at once, and with a concurrency limit. Waiting (loopback HTTP, file reads,
 * timers) overlaps; CPU work (`cpu`: inline Mandelbrot rows in an async
 * function) does not, because the one thread still does all of it.
 */
export async function asyncExperiment(plan: Plan, adapter: RuntimeAdapter, skip: Skip): Promise<AsyncResult> {
  const k = byPreset(plan.preset, [8, 8, 12, 64]);
  const delayMs = byPreset(plan.preset, [5, 5, 10, 20]);
  const limit = 4;
  const sources: Array<[AsyncResult["runs"][number]["source"], Op]> = [];
  const cleanup: Array<() => Promise<void>> = [];
  try {
    if (adapter.io) {
      const server = await adapter.io.delayServer(delayMs);
      cleanup.push(server.close);
      // A distinct URL per request: browsers make concurrent requests for one URL wait on each other (the HTTP cache lock).
      let n = 0;
      const base = new URL(server.url);
      sources.push([
        "http",
        async () => {
          const url = new URL(base);
          url.searchParams.set("n", String(n++));
          const response = await fetch(url);
          await response.arrayBuffer();
        },
      ]);
    } else {
      skip("http", "this runtime's adapter offers no loopback HTTP server");
    }
    if (adapter.io?.tempFile) {
      const file = await adapter.io.tempFile(256 * 1024);
      cleanup.push(file.remove);
      sources.push(["file", file.read]);
    } else {
      skip("file", "not applicable: no file system here");
    }
    sources.push(["timer", () => new Promise((resolve) => setTimeout(resolve, delayMs))]);
    const rows = mandelbrot.kernels.rows!;
    sources.push(["cpu", async () => rows({ size: 400, y0: 0, y1: 100 })]);

    const runs: AsyncResult["runs"] = [];
    for (const [source, op] of sources) {
      for (const mode of ["sequential", "all", "limited"] as const) {
        const ops = Array.from({ length: k }, () => op);
        runs.push({ source, mode, summary: await measure(adapter, plan.samples, () => MODES[mode](ops, limit)) });
      }
    }
    return { k, delayMs, limit, runs };
  } finally {
    for (const c of cleanup) await c().catch(() => undefined);
  }
}
