import { existsSync } from "node:fs";
import { chromiumVersion, findChromium, runnerPath } from "@threadlab/chromium";
import type { RuntimeSpec } from "./types.ts";

/** Chromium is driven by @threadlab/chromium's runner, a Node program that serves the page and launches the browser. */
export const chromiumRuntime: RuntimeSpec = {
  name: "chromium",
  fix: "install Debian's `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH",
  freshPerWorkload: true,
  async probe() {
    const found = findChromium();
    if ("reason" in found) return { ok: false, name: "chromium", reason: found.reason };
    if (!existsSync(runnerPath)) {
      return { ok: false, name: "chromium", reason: "the @threadlab/chromium runner is not built (run `npm run build`)" };
    }
    try {
      return { ok: true, name: "chromium", version: await chromiumVersion(found.path), path: found.path, entry: runnerPath };
    } catch (error) {
      return { ok: false, name: "chromium", reason: `${found.path} does not start: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
  command(found, planJson) {
    // The runner finds the same browser itself (CHROMIUM_PATH is passed on so both agree).
    return { command: process.execPath, args: [found.entry, planJson] };
  },
};
