/**
 * @threadlab/deno as a Deno user gets it from JSR, without publishing: the
 * files `deno publish` would upload (deno.json's publish.include), their
 * bare imports mapped the way publishing rewrites them (each dependency of
 * package.json as `npm:<name>@<version>`, workspace:* as the workspace
 * package's version), consumed by a project whose deno.json is what
 * `deno add jsr:@threadlab/deno` writes plus a `links` entry to that copy.
 * Its npm dependencies (core, comlink) come from the installed tarballs.
 */
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  publish?: { include?: string[] };
}

async function json(path: string): Promise<Manifest> {
  return JSON.parse(await readFile(path, "utf8")) as Manifest;
}

/** Writes the JSR copy of `packageDir` under `install` and the consumer's deno.json in `exampleDir`. */
export async function jsrStyle(packageDir: string, install: string, exampleDir: string): Promise<void> {
  const denoJson = await json(join(packageDir, "deno.json"));
  const packageJson = await json(join(packageDir, "package.json"));
  const copy = join(install, "jsr", denoJson.name.replace(/^@/, "").replace("/", "-"));
  await mkdir(copy, { recursive: true });
  for (const path of denoJson.publish?.include ?? []) await cp(join(packageDir, path), join(copy, path), { recursive: true });
  const imports: Record<string, string> = {};
  for (const [name, range] of Object.entries(packageJson.dependencies ?? {})) {
    const version = range.startsWith("workspace:") ? (await json(join(packageDir, "node_modules", name, "package.json"))).version : range;
    imports[name] = `npm:${name}@${version}`;
    imports[`${name}/`] = `npm:/${name}@${version}/`;
  }
  await writeFile(join(copy, "deno.json"), JSON.stringify({ ...denoJson, imports }, null, 2));
  const consumer = {
    imports: { [denoJson.name]: `jsr:${denoJson.name}@^${denoJson.version}` },
    links: [copy],
    // npm: imports resolve from the install's node_modules (the tarballs), not the registry.
    nodeModulesDir: "manual",
  };
  await writeFile(join(exampleDir, "deno.json"), JSON.stringify(consumer, null, 2));
  // Deno looks for a manual node_modules beside deno.json (type-checking wants @types/node there): the install's.
  await symlink(join(install, "node_modules"), join(exampleDir, "node_modules"), "dir");
}
