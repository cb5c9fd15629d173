import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { pkgDir } from "./helpers.ts";

/**
 * What a page pays for the pool: createPool alone, bundled from the built
 * dist as an app's bundler would. Its inputs say which modules came along,
 * which no byte count can.
 */
async function bundle(entry: string): Promise<{ inputs: string[]; text: string }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: join(pkgDir, "dist"), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]!.text };
}

describe("a page that imports only createPool", () => {
  it("carries the pool and the worker host, not the benchmark's probe or harness", async () => {
    const { inputs, text } = await bundle('export { createPool } from "./index.js";');
    // Core's dist is chunked: a harness chunk would show as an input other than the /pool entry's.
    expect(inputs.some((p) => /core\/dist\/(index|probe-api)\.js$/.test(p))).toBe(false);
    // The probe's calls (memory, machine facts, the UA version) are dropped with webAdapter.
    for (const probe of ["measureUserAgentSpecificMemory", "deviceMemory", "userAgentData", "HeadlessChrome"]) {
      expect(text, probe).not.toContain(probe);
    }
    expect(text).toContain("hardwareConcurrency");
  });
});
