import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "@threadlab/aggregator";

/**
 * The aggregator's folder. tsup bundles this file into dist/cli.js while tests
 * and editors load it from src/pools/, so walk up instead of assuming a depth.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

/** Worker files ship as plain .mjs: a worker thread is started from a file, and these need no build step. */
export function workerFile(name: string): string {
  return join(PACKAGE_ROOT, "src", "pools", "workers", name);
}

/**
 * The installed version of a package the aggregator depends on. Read from its
 * folder rather than resolved through "exports", which some peers do not open
 * to package.json.
 */
export function installedVersion(pkg: string, from = PACKAGE_ROOT): string {
  try {
    return (JSON.parse(readFileSync(join(from, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

export function versionAt(packageDir: string): string {
  try {
    return (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}
