import { createPool } from "../src/index.ts";
import { ISOLATION_CASES, POOL_FEATURE_CASES } from "../../core/test/pool-feature-cases.ts";
import type { FeatureApi } from "../../core/test/feature-api.mjs";

const FEATURES = new URL("./fixtures/features.worker.ts", import.meta.url);

for (const c of [...POOL_FEATURE_CASES, ...ISOLATION_CASES]) {
  Deno.test(`pool features: ${c.name}`, () => c.run((options) => createPool<FeatureApi>(FEATURES, options)));
}
