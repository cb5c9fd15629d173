import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error -- plain JS shared with the Deno package's own test script
import { permissionFlags } from "@threadlab/deno/permission-flags";
import type { FoundRuntime } from "../runtimes/types.ts";
import type { PoolsRuntime } from "./catalogue.ts";
import { PACKAGE_ROOT } from "./paths.ts";

/** The Deno and Bun runners are TypeScript those runtimes run as they are; Chromium's is a Node program tsup builds. */
export const RUNNER_FILES = {
  deno: join(PACKAGE_ROOT, "src", "pools", "runners", "deno.ts"),
  bun: join(PACKAGE_ROOT, "src", "pools", "runners", "bun.ts"),
  chromium: join(PACKAGE_ROOT, "dist", "pools-chromium.js"),
} as const;

/**
 * What the Deno race may touch, and why (never -A):
 * - read: the race's worker modules (src/pools) and the sources of
 *   @threadlab/deno and @threadlab/core that threadlab's workers import;
 * - env: the variables the peers read when they load (poolifier-web-worker:
 *   ENVIRONMENT; piscina and tinypool: their atomics switches; tinypool: its worker id);
 * - sys: what machineFromOs reads (and poolifier-web-worker's cpus()).
 */
export function denoPermissions(): Record<string, string[]> {
  const denoSrc = dirname(fileURLToPath(import.meta.resolve("@threadlab/deno")));
  const coreSrc = join(dirname(fileURLToPath(import.meta.resolve("@threadlab/core"))), "..", "src");
  return {
    read: [join(PACKAGE_ROOT, "src", "pools"), denoSrc, coreSrc],
    env: ["ENVIRONMENT", "PISCINA_DISABLE_ATOMICS", "PISCINA_ENABLE_ASYNC_ATOMICS", "TINYPOOL_WORKER_ID"],
    sys: ["cpus", "systemMemoryInfo", "osRelease", "hostname"],
  };
}

/** How to start `runtime`'s pools runner with `requestJson` (found by the runtime registry). */
export function runnerCommand(runtime: Exclude<PoolsRuntime, "node">, found: FoundRuntime, requestJson: string): { command: string; args: string[]; env?: NodeJS.ProcessEnv } {
  switch (runtime) {
    case "deno": {
      const flags = permissionFlags(denoPermissions(), { base: PACKAGE_ROOT, deno: found.path, tmp: tmpdir() }) as string[];
      return { command: found.path, args: ["run", "--no-prompt", ...flags, RUNNER_FILES.deno, requestJson] };
    }
    case "bun":
      return { command: found.path, args: [RUNNER_FILES.bun, requestJson] };
    case "chromium":
      // The runner looks for the browser itself; CHROMIUM_PATH makes it pick the one the registry found.
      return { command: process.execPath, args: [RUNNER_FILES.chromium, requestJson], env: { ...process.env, CHROMIUM_PATH: found.path } };
  }
}
