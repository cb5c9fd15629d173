/**
 * Once for the whole run: `pnpm pack` each published package (which swaps
 * workspace:* for versions and applies publishConfig, as publishing does)
 * into a temporary folder outside the workspace, then one `npm install` of
 * all the tarballs into an empty project there (third-party dependencies
 * come from the registry). The tests lint the tarballs and run examples in
 * that project.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { PACKAGES } from "./cases.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** Package name → its tarball's path. */
    tarballs: Record<string, string>;
    /** The project the tarballs are installed in. */
    install: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = await mkdtemp(join(tmpdir(), "threadlab-install-"));
  const packed = join(base, "tarballs");
  const install = join(base, "app");
  await mkdir(install, { recursive: true });
  // All at once, each into a folder of its own (so its tarball is the one file there): one after another they took 6 s.
  const tarballs: Record<string, string> = Object.fromEntries(
    await Promise.all(
      PACKAGES.map(async ({ name, dir }, i) => {
        const into = join(packed, String(i));
        await mkdir(into, { recursive: true });
        await run("pnpm", ["pack", "--pack-destination", into], { cwd: join(ROOT, dir) });
        const made = await readdir(into);
        if (made.length !== 1) throw new Error(`pnpm pack in ${dir} made ${made.length} tarballs`);
        return [name, join(into, made[0]!)] as const;
      }),
    ),
  );
  const dependencies = {
    ...Object.fromEntries(Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`])),
    // In a project with its own node_modules, Deno type-checks node: imports (the JSR-style case's
    // sources have them) against @types/node from there, as it would fetch it for a JSR user.
    "@types/node": "^20.19.0",
    // The web package's README example is a Vite project: built here as its users build it.
    vite: "~8.3.8",
  };
  await writeFile(join(install, "package.json"), JSON.stringify({ name: "threadlab-install-check", private: true, type: "module", dependencies }, null, 2));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: install, timeout: 300_000 });
  project.provide("tarballs", tarballs);
  project.provide("install", install);
  return () => rm(base, { recursive: true, force: true });
}
