import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { poolsRuntimeName, readResults } from "../src/results/read-results.ts";
import { fixturePools, fixtureResult } from "./fixtures/results.ts";
import { scratch } from "./helpers.ts";

describe("reading pools files", () => {
  it("lists races in core's runtime order, not file-name order; a file that names no runtime is Node's", async () => {
    const dir = scratch("threadlab-read-");
    const { runtime: _none, ...unnamed } = fixturePools("node");
    const files: Record<string, unknown> = {
      "node.json": fixtureResult("node"),
      "a.json": fixturePools("chromium"),
      "b.json": fixturePools("bun"),
      "c.json": unnamed,
      "d.json": fixturePools("deno"),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(data));
    const set = await readResults(dir);
    expect(set.pools.map(poolsRuntimeName)).toEqual(["node", "deno", "bun", "chromium"]);
    expect(set.pools[0]!.runtime).toBeUndefined();
  });
});
