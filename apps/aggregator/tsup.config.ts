import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { browserModules } from "../../scripts/browser-modules.ts";

// Two builds share dist/: clean it once, here, rather than in each (they run side by side).
rmSync("dist", { recursive: true, force: true });

const POOLS_PAGE_HTML = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>threadlab pools (chromium)</title>
<script type="module" src="./page.js"></script>
<p>threadlab races worker pools here; see the CLI's output.</p>
</html>
`;

const SERVICE_PAGE_HTML = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>threadlab service (chromium)</title>
<script type="module" src="./page.js"></script>
<p>threadlab fetches and runs kernels here while it counts frames; see the CLI's output.</p>
</html>
`;

export default defineConfig([
  {
    // The CLI, and the Node programs that drive the pools race and the service experiment's page in Chromium.
    entry: { cli: "src/cli.ts", "pools-chromium": "src/pools/runners/chromium.ts", "service-chromium": "src/service/runners/chromium.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
    // tsup leaves dependencies external but bundles devDependencies. The pools race's peers are
    // devDependencies that must load from node_modules at run time: their worker files import them too,
    // and a bundled copy would be a second instance the workers never see. (Chromium is driven through
    // @threadlab/chromium, a dependency, so playwright-core stays in that package.)
    external: ["piscina", "tinypool", "workerpool", "poolifier", "comlink", "multithreading", "poolifier-web-worker"],
  },
  // The pools race's page and its workers, each one self-contained module a browser loads as it is.
  browserModules(
    {
      "pools-page/page": "src/pools/page/page.ts",
      "pools-page/threadlab.worker": "src/pools/workers/threadlab.web.worker.mjs",
      "pools-page/poolifier-web-worker.worker": "src/pools/workers/poolifier-web-worker.worker.mjs",
      // multithreading's pool starts `new URL("./worker.js", import.meta.url)`: beside the page bundle.
      "pools-page/worker": "node_modules/multithreading/src/browser/worker.js",
    },
    {
      esbuildOptions(options) {
        // Its "exports" list "import" (the Deno/Bun build, which imports node:os) before "browser", so a
        // bundler never reaches the browser build on its own; its README loads browser/mod.js in pages.
        options.alias = { "poolifier-web-worker": "./node_modules/poolifier-web-worker/browser/mod.js" };
      },
      async onSuccess() {
        mkdirSync("dist/pools-page", { recursive: true });
        writeFileSync("dist/pools-page/index.html", POOLS_PAGE_HTML);
      },
    },
  ),
  // The service experiment's page and its pool worker.
  browserModules(
    {
      "service-page/page": "src/service/page/page.ts",
      "service-page/spin.worker": "src/service/page/spin.worker.ts",
    },
    {
      async onSuccess() {
        mkdirSync("dist/service-page", { recursive: true });
        writeFileSync("dist/service-page/index.html", SERVICE_PAGE_HTML);
      },
    },
  ),
]);
