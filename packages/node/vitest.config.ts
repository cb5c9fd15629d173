import { defineConfig } from "vitest/config";

export default defineConfig({
  // One process for all files rather than one each (18.9 s -> 15.4 s of CPU alone).
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, isolate: false },
});
