import { describe, it } from "bun:test";
import { createPool } from "../src/index.ts";
import { ISOLATION_CASES, POOL_FEATURE_CASES } from "../../core/test/pool-feature-cases.ts";
import type { FeatureApi } from "../../core/test/feature-api.mjs";
import { FAULT_CASES } from "../../core/test/fault-cases.ts";

const FEATURES = new URL("./fixtures/features.worker.ts", import.meta.url);

// No out-of-memory row: Bun can cap neither a thread's heap nor a child's, so running out would exhaust the machine.
describe("fault matrix (Bun workers)", () => {
  for (const c of FAULT_CASES) {
    it(c.name, async () => {
      const outcome = await c.run((options) => createPool<FeatureApi>(FEATURES, options));
      console.log(`fault matrix | bun | ${c.name} | ${outcome}`);
    }, 30_000);
  }
});

describe("pool features in Bun workers", () => {
  // Bun cannot cap a child's heap (resourceLimits are ignored): the out-of-memory case would exhaust the machine.
  for (const c of [...POOL_FEATURE_CASES, ...ISOLATION_CASES.filter((c) => !c.heapCap)]) it(c.name, () => c.run((options) => createPool<FeatureApi>(FEATURES, options)), 30_000);
});
