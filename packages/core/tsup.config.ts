import { defineConfig } from "tsup";

export default defineConfig({
  // pool-api: the pool alone (`@threadlab/core/pool`), what the adapters' library entries bundle; probe-api:
  // the benchmark's half of the seam (`@threadlab/core/probe`), for the adapters' whole RuntimeAdapter.
  entry: ["src/index.ts", "src/pool-api.ts", "src/probe-api.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
});
