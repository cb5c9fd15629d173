import { defineConfig } from "vitest/config";

/** Vitest for packages whose tests drive a real Chromium (@threadlab/web, @threadlab/chromium). */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file starts its own Chromium; on a 2-core machine one at a time measures and behaves better.
    fileParallelism: false,
  },
});
