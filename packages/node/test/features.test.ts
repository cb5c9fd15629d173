import { describe, expect, it } from "vitest";
import { createPool, WorkerCrashedError, WorkerStartError } from "@threadlab/node";
import { ISOLATION_CASES, POOL_FEATURE_CASES } from "../../core/test/pool-feature-cases.ts";
import type { FeatureApi } from "../../core/test/feature-api.mjs";
import { FAULT_CASES, outOfMemoryCase } from "../../core/test/fault-cases.ts";

const featuresWorker = new URL("./fixtures/features.worker.mjs", import.meta.url);

describe("pool features in Node worker threads", () => {
  for (const c of [...POOL_FEATURE_CASES, ...ISOLATION_CASES]) it(c.name, () => c.run((options) => createPool<FeatureApi>(featuresWorker, options)), 30_000);
});

describe("fault matrix (Node worker threads)", () => {
  for (const c of [...FAULT_CASES, outOfMemoryCase({}), outOfMemoryCase({ isolation: "process" })]) {
    it(c.name, async () => {
      const outcome = await c.run((options) => createPool<FeatureApi>(featuresWorker, options));
      console.log(`fault matrix | node | ${c.name} | ${outcome}`);
    }, 60_000);
  }
});

describe("memory limits (resourceLimits)", () => {
  it("a worker that exhausts its heap dies alone: its call rejects, the pool replaces it and keeps serving", async () => {
    const pool = createPool<FeatureApi>(featuresWorker, { size: 1, resourceLimits: { maxOldGenerationSizeMb: 32 } });
    try {
      const error = await pool.api.hog().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect(((error as Error).cause as { code?: string }).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
      expect((await pool.api.later(1, 0)).value).toBe(1);
      expect(pool.stats.replaced).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe("TypeScript worker modules", () => {
  const supported = Boolean((process.features as { typescript?: unknown }).typescript);
  it.runIf(!supported)(`on Node ${process.versions.node}, a .ts worker fails with an error that names the fix`, async () => {
    const pool = createPool<{ add(a: number, b: number): number }>(new URL("./fixtures/typescript.worker.ts", import.meta.url), { size: 1 });
    const error = await pool.api.add(1, 2).catch((e: unknown) => e);
    await pool.close();
    expect(error).toBeInstanceOf(WorkerStartError);
    expect((error as Error).message).toMatch(/TypeScript worker module .*typescript\.worker\.ts.*22\.6/);
  });
  it.runIf(supported)(`on Node ${process.versions.node}, a .ts worker runs`, async () => {
    const pool = createPool<{ add(a: number, b: number): number }>(new URL("./fixtures/typescript.worker.ts", import.meta.url), { size: 1 });
    expect(await pool.api.add(1, 2)).toBe(3);
    await pool.close();
  });
});
