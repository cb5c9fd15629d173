import { defineConfig } from "tsup";

export default defineConfig({
  // The library, for browsers and bundlers: dependencies stay imports.
  entry: { index: "src/index.ts", worker: "src/worker.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "browser",
});
