import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  // tsup leaves dependencies external but bundles devDependencies. The pools race's peers are
  // devDependencies that must load from node_modules at run time: their worker files import them too,
  // and a bundled copy would be a second instance the workers never see.
  external: ["piscina", "tinypool", "workerpool", "poolifier", "comlink"],
});
