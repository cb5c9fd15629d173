import { defineConfig } from "tsup";

export default defineConfig({
  // Each worker-side module is its own entry: a worker is started from a file.
  entry: ["src/index.ts", "src/worker.ts", "src/bench-worker.ts", "src/process-worker.ts", "src/runner.ts", "src/service.ts"],
  format: ["esm"],
  dts: { entry: ["src/index.ts", "src/worker.ts"] },
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
});
