import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

// Chromium is found, started and served to with the runner package's own helpers, read from its source:
// @threadlab/chromium depends on this package (its page bundles the adapter), so this one cannot depend on it.
export { CHROMIUM_ARGS } from "../../chromium/src/launch-chromium.ts";
export { serveStatic, type StaticServer } from "../../chromium/src/serve-static.ts";

export const pkgDir = fileURLToPath(new URL("../", import.meta.url));
export const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

// Why browser tests cannot run here (undefined when a Chromium was found), and its path: the runner package's tests decide it once.
export { chromiumPath, noChromium } from "../../chromium/test/helpers.ts";

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `threadlab-web-${prefix}-`));
}

/** Resolves the package's own name to its built files, as a consumer's bundler would. */
const selfByName: Plugin = {
  name: "threadlab-web-self",
  setup(b) {
    b.onResolve({ filter: /^@threadlab\/web(\/worker)?$/ }, (args) => ({
      path: join(pkgDir, "dist", args.path.endsWith("/worker") ? "worker.js" : "index.js"),
    }));
  },
};

/** Bundles the pool test page and its worker (esbuild, from the built dist) into a fresh folder. */
export async function buildPoolFixture(): Promise<string> {
  const out = scratchDir("pool");
  await build({
    entryPoints: { "pool-page": join(fixtures, "pool-page.ts"), "math.worker": join(fixtures, "math.worker.ts"), "features.worker": join(fixtures, "features.worker.ts") },
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: "inline",
    logLevel: "silent",
    plugins: [selfByName],
  });
  copyFileSync(join(fixtures, "pool-page.html"), join(out, "index.html"));
  return out;
}
