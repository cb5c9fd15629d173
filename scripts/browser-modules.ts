import type { Options } from "tsup";

/**
 * tsup options for files a browser loads as they are (a page, its workers):
 * each one a self-contained ES module, nothing left to resolve, no chunks
 * shared between them. Used by @threadlab/chromium's page and the CLI's
 * pools-race page.
 */
export function browserModules(entry: Record<string, string>, extra: Options = {}): Options {
  return {
    entry,
    format: ["esm"],
    sourcemap: true,
    clean: false,
    splitting: false,
    noExternal: [/.*/],
    target: "es2022",
    platform: "browser",
    ...extra,
  };
}
