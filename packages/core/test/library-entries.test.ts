import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * A library user's `createPool` must load the pool alone (`@threadlab/core/pool`,
 * and `@threadlab/core/probe` for the rest of the adapter it exports), not the
 * benchmark's workloads, statistics and schemas: that halved the time to import
 * each adapter (Node 27 -> 11 ms). Walks each adapter's entry through its own
 * files and lists every value import of the whole core.
 */
const packages = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function wholeCoreImports(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"([^"]+)";/gms)) {
      const [, typeOnly, spec] = m;
      if (typeOnly) continue;
      if (spec === "@threadlab/core") found.push(file.slice(packages.length + 1));
      else if (spec!.startsWith(".")) visit(resolve(dirname(file), spec!));
    }
  };
  visit(entry);
  return found;
}

describe("the adapters' library entries", () => {
  for (const name of ["node", "deno", "bun", "web"]) {
    it(`@threadlab/${name} reaches core only through @threadlab/core/pool and /probe`, () => {
      expect(wholeCoreImports(resolve(packages, name, "src/index.ts"))).toEqual([]);
    });
  }
});
