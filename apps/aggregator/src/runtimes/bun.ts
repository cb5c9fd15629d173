import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findExecutable, versionOf } from "./find-executable.ts";
import type { RuntimeSpec } from "./types.ts";

/** Bun runs @threadlab/bun's TypeScript runner directly. */
export const bunRuntime: RuntimeSpec = {
  name: "bun",
  fix: "run `npm install` at the repository root (bun is a dev dependency), put bun on PATH, or set BUN_PATH",
  async probe() {
    const path = findExecutable("bun", "BUN_PATH");
    if (!path) return { ok: false, name: "bun", reason: `bun not found in node_modules/.bin, on PATH or in BUN_PATH (${this.fix})` };
    const entry = fileURLToPath(import.meta.resolve("@threadlab/bun/runner"));
    if (!existsSync(entry)) return { ok: false, name: "bun", reason: `the Bun runner is missing at ${entry}` };
    try {
      return { ok: true, name: "bun", version: await versionOf(path, ["--version"]), path, entry };
    } catch (error) {
      return { ok: false, name: "bun", reason: `${path} does not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
    }
  },
  command(found, planJson) {
    return { command: found.path, args: [found.entry, planJson] };
  },
};
