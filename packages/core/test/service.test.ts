import { describe, expect, it } from "vitest";
import { ServiceHandler } from "../src/service/handler.ts";
import { parseServiceOptions } from "../src/service/options.ts";
import { spin } from "../src/workloads/spin.ts";
import { benchWorkerApi } from "../src/bench-kit/worker-api.ts";

describe("the service's options", () => {
  it("fills the defaults and refuses what it cannot run, in one line naming the field", () => {
    expect(parseServiceOptions('{"mode":"pool","threads":2}')).toEqual({ mode: "pool", threads: 2, ioDelayMs: 2, port: 0, reusePort: false, processes: 1, corrupt: false });
    expect(() => parseServiceOptions(undefined)).toThrow(/usage: service/);
    expect(() => parseServiceOptions("{mode")).toThrow(/not JSON/);
    expect(() => parseServiceOptions('{"mode":"threads"}')).toThrow(/^service options: mode: /);
    expect(() => parseServiceOptions('{"mode":"inline","threads":0}')).toThrow(/threads/);
    expect(() => parseServiceOptions('{"mode":"inline","extra":1}')).toThrow(/extra/);
  });
});

describe("the service's routes (inline)", () => {
  const handler = () => new ServiceHandler({ ioDelayMs: 1, now: () => performance.now() });

  it("answers /work with the spin kernel's result after the I/O step, and /health at once", async () => {
    const h = handler();
    try {
      const work = await h.handle("/work?i=5000&s=7");
      expect(work.status).toBe(200);
      expect(JSON.parse(work.body)).toEqual({ s: 7, a: spin({ iterations: 5000, seed: 7 }) });
      expect(await h.handle("/health")).toEqual({ status: 200, body: '{"ok":true}' });
      expect((await h.handle("/work?i=x&s=1")).status).toBe(400);
      expect((await h.handle("/nowhere")).status).toBe(404);
      const lag = JSON.parse((await h.handle("/lag")).body) as Record<string, number>;
      expect(Object.keys(lag).sort()).toEqual(["max", "p50", "p99"]);
      expect(JSON.parse((await h.handle("/calibrate")).body).itersPerUs).toBeGreaterThan(0);
    } finally {
      h.stop();
    }
  });

  it("answers off by one when told to corrupt (what the generator's check must catch)", async () => {
    const h = new ServiceHandler({ ioDelayMs: 0, now: () => performance.now(), corrupt: true });
    try {
      expect(JSON.parse((await h.handle("/work?i=100&s=3")).body).a).toBe((spin({ iterations: 100, seed: 3 }) + 1) >>> 0);
    } finally {
      h.stop();
    }
  });
});

describe("the bench worker's spin", () => {
  it("is the kernel itself, so a worker runs the code spinRate calibrated (no wrapper for Maglev to inline it into)", () => {
    // A method calling spin() ran 1.35x longer than calibrated in Deno 2.9's workers: see benchWorkerApi.spin.
    expect(benchWorkerApi.spin).toBe(spin);
  });
});
