import { createPool } from "../src/index.ts";
import { ISOLATION_CASES, POOL_FEATURE_CASES } from "../../core/test/pool-feature-cases.ts";
import type { FeatureApi } from "../../core/test/feature-api.mjs";
import { FAULT_CASES, outOfMemoryCase } from "../../core/test/fault-cases.ts";

const FEATURES = new URL("./fixtures/features.worker.ts", import.meta.url);

// A thread out of memory takes Deno's whole process down, so that row runs in a child process.
for (const c of [...FAULT_CASES, outOfMemoryCase({ isolation: "process" })]) {
  Deno.test(`fault matrix: ${c.name}`, async () => {
    const outcome = await c.run((options) => createPool<FeatureApi>(FEATURES, options));
    console.log(`fault matrix | deno | ${c.name} | ${outcome}`);
  });
}

for (const c of [...POOL_FEATURE_CASES, ...ISOLATION_CASES]) {
  Deno.test(`pool features: ${c.name}`, () => c.run((options) => createPool<FeatureApi>(FEATURES, options)));
}
