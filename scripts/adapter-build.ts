import { readFile } from "node:fs/promises";
import { defineConfig, type Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * Deno and Bun run an adapter's sources as they are, where a worker or child
 * process is started from a sibling file named `new URL("./x.ts",
 * import.meta.url)`; in the build that file is `./x.js` beside the bundle.
 * Only that exact form is rewritten.
 */
const siblingJsUrls: EsbuildPlugin = {
  name: "sibling-js-urls",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, "utf8")).replace(/(new URL\("\.\/[\w.-]+)\.ts("\s*,\s*import\.meta\.url\))/g, "$1.js$2"),
      loader: "ts",
    }));
  },
};

/**
 * The npm build of a Deno or Bun adapter: JavaScript and .d.ts types (Deno
 * will not run TypeScript from node_modules; type-checkers and linters read
 * .d.ts). Every module of src/ is an entry, so whichever sibling file a
 * worker, a child process or a preload is started from exists in dist/;
 * code they share goes to chunks, loaded once.
 */
export function adapterBuild(extra: Options = {}) {
  return defineConfig({
    entry: ["src/*.ts"],
    format: ["esm"],
    dts: { entry: ["src/index.ts", "src/worker.ts"] },
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "node", // node: imports stay imports; Deno and Bun provide them
    esbuildPlugins: [siblingJsUrls],
    ...extra,
  });
}
