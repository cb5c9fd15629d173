import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../usage-error.ts";
import type { ThreadlabBuild } from "./contenders/threadlab.ts";

/**
 * A checkout's node package sits at <checkout>/packages/node, and "node" says
 * nothing; the checkout's folder name ("base", "main") tells builds apart.
 */
function defaultLabel(dir: string): string {
  const parent = dirname(dir);
  return basename(dir) === "node" && basename(parent) === "packages" ? basename(dirname(parent)) : basename(dir);
}

/** `--threadlab-from` items, each `DIR` or `label=DIR`, into contenders named threadlab@label. */
export function threadlabBuilds(items: readonly string[]): ThreadlabBuild[] {
  const builds: ThreadlabBuild[] = [];
  for (const item of items) {
    const eq = item.indexOf("=");
    const dir = resolve(eq >= 0 ? item.slice(eq + 1) : item);
    const label = eq >= 0 ? item.slice(0, eq).trim() : defaultLabel(dir);
    if (!/^[\w.-]+$/.test(label)) throw new UsageError(`--threadlab-from: label "${label}" must be letters, digits, ".", "_" or "-"`);
    for (const file of ["index.js", "worker.js"]) {
      if (!existsSync(join(dir, "dist", file))) {
        throw new UsageError(`--threadlab-from: ${join(dir, "dist", file)} not found (DIR must be a built @threadlab/node package)`);
      }
    }
    const name = `threadlab@${label}`;
    if (builds.some((b) => b.name === name)) throw new UsageError(`--threadlab-from: two builds are labelled "${label}"; name them with label=DIR`);
    builds.push({ name, dir });
  }
  return builds;
}
