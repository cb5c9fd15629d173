import { describe, it } from "bun:test";
import { createPool } from "../src/index.ts";
import { POOL_FEATURE_CASES } from "../../core/test/pool-feature-cases.ts";
import type { FeatureApi } from "../../core/test/feature-api.mjs";

const FEATURES = new URL("./fixtures/features.worker.ts", import.meta.url);

describe("pool features in Bun workers", () => {
  for (const c of POOL_FEATURE_CASES) it(c.name, () => c.run((options) => createPool<FeatureApi>(FEATURES, options)), 20_000);
});
