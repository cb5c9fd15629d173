import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The names each adapter re-exports from core: a user switching runtime finds the same ones. */
function coreExports(pkg: string): string[] {
  const source = readFileSync(new URL(`../../${pkg}/src/index.ts`, import.meta.url), "utf8");
  return [...source.matchAll(/^export (?:type )?\{([^}]*)\} from "@threadlab\/core\/pool";$/gm)]
    .flatMap((m) => m[1]!.split(","))
    .map((name) => name.trim())
    .filter(Boolean)
    .sort();
}

describe("every adapter exports the same pool API", () => {
  it.each(["deno", "bun", "web"])("%s re-exports what node does", (pkg) => {
    expect(coreExports(pkg)).toEqual(coreExports("node"));
    expect(coreExports("node")).toContain("WorkerStartError");
  });
});
