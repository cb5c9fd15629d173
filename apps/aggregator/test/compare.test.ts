import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarize, type Result } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { compareCommand } from "../src/compare/compare-command.ts";
import { compareResults, tally } from "../src/compare/compare-results.ts";
import { UsageError } from "../src/usage-error.ts";
import { fixtureCheck, fixtureResult } from "./fixtures/results.ts";
import { scratch } from "./helpers.ts";

const set = (dir: string, ...results: Result[]) => ({ dir, results, failures: [], pools: [] });

/** The fixture with one scenario's samples replaced. */
function withSamples(workload: string, strategy: string, threads: number, samples: number[]): Result {
  const r = fixtureResult("node");
  const s = r.scenarios.find((x) => x.workload === workload && x.strategy === strategy && x.threads === threads)!;
  s.samplesMs = samples;
  s.summary = summarize(samples);
  return r;
}

describe("compare", () => {
  it("finds every scenario of a run compared with itself the same", () => {
    const c = compareResults(set("a", fixtureResult("node")), set("b", fixtureResult("node")));
    expect(tally(c)).toEqual({ same: c.rows.length, noise: 0, faster: 0, slower: 0 });
    expect(c.rows.map((r) => r.row)).toContain("workers(2)");
  });

  it("calls a move past the threshold slower or faster only when the two intervals do not overlap", () => {
    const tight = withSamples("mandelbrot", "workers", 2, [62, 62.4, 62.5, 62.6, 63]); // 52 ms before, tight
    const wide = withSamples("mandelbrot", "workers", 2, [40, 55, 62.4, 70, 90]); // same median, an interval over 52
    const slower = compareResults(set("a", fixtureResult("node")), set("b", tight)).rows.find((r) => r.row === "workers(2)")!;
    expect(slower).toMatchObject({ workload: "mandelbrot", verdict: "slower" });
    expect(slower.change).toBeCloseTo(62.5 / 52 - 1, 5);
    expect(compareResults(set("a", fixtureResult("node")), set("b", wide)).rows.find((r) => r.row === "workers(2)")!.verdict).toBe("noise");
    expect(compareResults(set("a", tight), set("b", fixtureResult("node"))).rows.find((r) => r.row === "workers(2)")!.verdict).toBe("faster");
  });

  it("lists what only one folder measured, and refuses folders with nothing in common", () => {
    const c = compareResults(set("a", fixtureResult("node"), fixtureResult("bun")), set("b", fixtureResult("node")));
    expect(c.unmatched).toContain("bun mandelbrot sequential");
    expect(() => compareResults(set("a", fixtureResult("node")), set("b", fixtureResult("bun")))).toThrow(UsageError);
    expect(() => compareResults(set("a", fixtureResult("node")), set("b", fixtureResult("node")), 0)).toThrow(/--threshold/);
  });

  it("gives no ratio from a median of 0 (a run below the clock's step), and still a verdict", () => {
    const zero = withSamples("mandelbrot", "workers", 2, [0, 0, 0]);
    const same = compareResults(set("a", zero), set("b", zero)).rows.find((r) => r.row === "workers(2)")!;
    expect(same).toMatchObject({ change: 0, verdict: "same" });
    const moved = compareResults(set("a", zero), set("b", fixtureResult("node"))).rows.find((r) => r.row === "workers(2)")!;
    expect(moved.change).toBeNaN();
    expect(moved.verdict).toBe("slower");
  });

  it("sets each run's machine checks side by side, and marks a row either run measured on a busy machine", async () => {
    const quiet = { ...fixtureResult("node"), machineChecks: [fixtureCheck(1.99), fixtureCheck(1.97)] };
    const busy = { ...fixtureResult("node"), machineChecks: [fixtureCheck(1.41), fixtureCheck(1.98)] };
    for (const s of busy.scenarios) if (s.workload === "mandelbrot" && s.threads === 2) s.busy = "the machine was busy";
    const c = compareResults(set("a", quiet), set("b", busy));
    expect(c.machine).toEqual([{ runtime: "node", before: { threads: 2, worst: 1.97, best: 1.99 }, after: { threads: 2, worst: 1.41, best: 1.98 } }]);
    expect(c.rows.find((r) => r.row === "workers(2)" && r.workload === "mandelbrot")?.busy).toBe(true);
    expect(c.rows.find((r) => r.row === "sequential")?.busy).toBeUndefined();
    const a = scratch("threadlab-compare-ma-");
    const b = scratch("threadlab-compare-mb-");
    writeFileSync(join(a, "node.json"), JSON.stringify(quiet));
    writeFileSync(join(b, "node.json"), JSON.stringify(busy));
    const text = await compareCommand(a, b);
    expect(text).toContain("Machine checks, node (independent threads together against one): 2 threads 1.97× → 2 threads 1.41–1.98×.");
    expect(text).toContain("busy machine");
  });

  it("reads two result folders and prints the table with its verdict, or JSON", async () => {
    const a = scratch("threadlab-compare-a-");
    const b = scratch("threadlab-compare-b-");
    writeFileSync(join(a, "node.json"), JSON.stringify(fixtureResult("node")));
    writeFileSync(join(b, "node.json"), JSON.stringify(withSamples("mandelbrot", "workers", 2, [62, 62.4, 62.5, 62.6, 63])));
    const text = await compareCommand(a, b);
    expect(text).toMatch(/workers\(2\)\s+52\.0 ms\s+62\.5 ms\s+\S*\+20\.2%\S*\s+\S*slower/);
    expect(text).toContain("scenarios within ±5%");
    const json = JSON.parse(await compareCommand(a, b, { json: true, threshold: 25 }));
    expect(json.thresholdPct).toBe(25);
    expect(json.rows.every((r: { verdict: string }) => r.verdict === "same")).toBe(true);
  });
});
