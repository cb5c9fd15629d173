import { execFile } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
// @ts-expect-error -- plain JS shared with the Deno package's own test script
import { permissionFlags } from "@threadlab/deno/permission-flags";
import { findExecutable } from "./find-executable.ts";
import type { RuntimeSpec } from "./types.ts";

const run = promisify(execFile);

/**
 * Deno runs @threadlab/deno's TypeScript runner with the flags its
 * permissions.json lists, never -A. The `deno` found first may be npm's Node
 * shim (node_modules/.bin); asking it for Deno.execPath() gives the real
 * binary, which is what runs (so a kill reaches Deno) and what --allow-run names.
 */
export const denoRuntime: RuntimeSpec = {
  name: "deno",
  fix: "run `npm install` at the repository root (deno is a dev dependency), put deno on PATH, or set DENO_PATH",
  async probe() {
    const found = findExecutable("deno", "DENO_PATH");
    if (!found) return { ok: false, name: "deno", reason: `deno not found in node_modules/.bin, on PATH or in DENO_PATH (${this.fix})` };
    const entry = fileURLToPath(import.meta.resolve("@threadlab/deno/runner"));
    if (!existsSync(entry)) return { ok: false, name: "deno", reason: `the Deno runner is missing at ${entry}` };
    try {
      const { stdout } = await run(found, ["eval", "console.log(JSON.stringify([Deno.execPath(), Deno.version.deno]))"], { timeout: 30_000 });
      const [path, version] = JSON.parse(stdout.trim()) as [string, string];
      return { ok: true, name: "deno", version, path: realpathSync(path), entry };
    } catch (error) {
      return { ok: false, name: "deno", reason: `${found} does not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
    }
  },
  command(found, planJson) {
    const permissionsFile = fileURLToPath(import.meta.resolve("@threadlab/deno/permissions.json"));
    const permissions = JSON.parse(readFileSync(permissionsFile, "utf8")) as Record<string, string[]>;
    const flags = permissionFlags(permissions, { base: dirname(permissionsFile), deno: found.path, tmp: tmpdir() }) as string[];
    return { command: found.path, args: ["run", "--no-prompt", ...flags, found.entry, planJson] };
  },
};
