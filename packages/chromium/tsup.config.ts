import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { browserModules } from "../../scripts/browser-modules.ts";

// Two builds share dist/: clean it once, here, rather than in each.
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
  // What the browser loads as it is: the page and its bench worker.
  browserModules(
    { "page/page": "src/page/page.ts", "page/bench-worker": "src/page/bench-worker.ts" },
    {
      async onSuccess() {
        mkdirSync("dist/page", { recursive: true });
        writeFileSync("dist/page/index.html", PAGE_HTML);
      },
    },
  ),
  {
    // Node side: the runner program and what the CLI imports; and the page's half of drivePage,
    // which has no imports and runs anywhere (the CLI's pools page bundles it).
    entry: { index: "src/index.ts", runner: "src/runner.ts", "page-bridge": "src/page-bridge.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.ts", "page-bridge": "src/page-bridge.ts" } },
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
  },
]);
