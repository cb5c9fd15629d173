import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";

// Several builds share dist/: clean it once, here, rather than in each.
rmSync("dist", { recursive: true, force: true });

const PAGE_HTML = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>threadlab (chromium)</title>
<script type="module" src="./page.js"></script>
<p>threadlab runs a benchmark plan here; see the runner's output.</p>
</html>
`;

export default defineConfig([
  {
    // The library, for browsers and bundlers: dependencies stay imports.
    entry: { index: "src/index.ts", worker: "src/worker.ts" },
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: false,
    target: "es2022",
    platform: "browser",
  },
  {
    // Files a browser loads as they are, so each is one self-contained module:
    // the default bench worker beside index.js, and the runner's page bundle.
    entry: {
      "bench-worker": "src/bench-worker.ts",
      "page/page": "src/page/page.ts",
      "page/bench-worker": "src/bench-worker.ts",
    },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    splitting: false,
    noExternal: [/.*/],
    target: "es2022",
    platform: "browser",
    async onSuccess() {
      mkdirSync("dist/page", { recursive: true });
      writeFileSync("dist/page/index.html", PAGE_HTML);
    },
  },
  {
    // Node side: the runner program and the helpers the CLI imports.
    entry: { runner: "src/runner.ts", node: "src/node.ts" },
    format: ["esm"],
    dts: { entry: { node: "src/node.ts" } },
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
  },
]);
