import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarize, type Result } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { compareCommand } from "../src/compare/compare-command.ts";
import { compareResults, tally } from "../src/compare/compare-results.ts";
import { UsageError } from "../src/usage-error.ts";
import { fixtureCheck, fixtureResult } from "./fixtures/results.ts";
import { scratch } from "./helpers.ts";

const set = (dir: string, ...results: Result[]) => ({ dir, results, failures: [], pools: [], service: [] });

/** The fixture with one scenario's samples replaced. */
function withSamples(workload: string, strategy: string, threads: number, samples: number[]): Result {
  const r = fixtureResult("node");
  const s = r.scenarios.find((x) => x.workload === workload && x.strategy === strategy && x.threads === threads)!;
  s.samplesMs = samples;
  s.summary = summarize(samples);
  return r;
}

/** The fixture with one row's speed-up (and its interval) replaced, as pairs measured in its own run would give. */
function withSpeedup(workload: string, strategy: string, threads: number, speedup: { value: number; low: number; high: number }): Result {
  const r = fixtureResult("node");
  const s = r.scenarios.find((x) => x.workload === workload && x.strategy === strategy && x.threads === threads)!;
  s.scaling = { ...s.scaling!, speedup, efficiency: speedup.value / threads, pairs: 10 };
  return r;
}

describe("compare", () => {
  it("finds no change in a run compared with itself; rows with a speed-up are compared by it, the baseline by its time", () => {
    const c = compareResults(set("a", fixtureResult("node")), set("b", fixtureResult("node")));
    expect(tally(c)).toEqual({ "no change": c.rows.length, faster: 0, slower: 0 });
    expect(c.rows.find((r) => r.row === "workers(2)")).toMatchObject({ measure: "speed-up" });
    expect(c.rows.find((r) => r.row === "sequential")).toMatchObject({ measure: "time" });
  });

  it("a time changes only when the move passes the threshold and the two intervals do not overlap", () => {
    const tight = withSamples("mandelbrot", "sequential", 1, [110, 110.4, 110.5, 110.6, 111]); // 100 ms before, tight
    const wide = withSamples("mandelbrot", "sequential", 1, [60, 95, 110.4, 130, 150]); // an interval over 100
    const slower = compareResults(set("a", fixtureResult("node")), set("b", tight)).rows.find((r) => r.workload === "mandelbrot" && r.row === "sequential")!;
    expect(slower).toMatchObject({ measure: "time", verdict: "slower" });
    expect(slower.change).toBeCloseTo(110.5 / 100 - 1, 5);
    const seqOf = (c: ReturnType<typeof compareResults>) => c.rows.find((r) => r.workload === "mandelbrot" && r.row === "sequential")!;
    expect(seqOf(compareResults(set("a", fixtureResult("node")), set("b", wide))).verdict).toBe("no change");
    expect(seqOf(compareResults(set("a", tight), set("b", fixtureResult("node")))).verdict).toBe("faster");
    // Past the intervals but within a threshold of 15%: no change.
    expect(seqOf(compareResults(set("a", fixtureResult("node")), set("b", tight), 15)).verdict).toBe("no change");
  });

  it("a speed-up changes only when its intervals do not overlap and it moved past the threshold; a higher speed-up is faster", () => {
    const base = withSpeedup("mandelbrot", "workers", 2, { value: 1.8, low: 1.78, high: 1.82 });
    const up = withSpeedup("mandelbrot", "workers", 2, { value: 1.95, low: 1.93, high: 1.97 });
    const close = withSpeedup("mandelbrot", "workers", 2, { value: 1.85, low: 1.83, high: 1.87 });
    const overlapping = withSpeedup("mandelbrot", "workers", 2, { value: 1.95, low: 1.7, high: 2.0 });
    const rowOf = (c: ReturnType<typeof compareResults>) => c.rows.find((r) => r.workload === "mandelbrot" && r.row === "workers(2)")!;
    expect(rowOf(compareResults(set("a", base), set("b", up)))).toMatchObject({ measure: "speed-up", verdict: "faster" });
    expect(rowOf(compareResults(set("a", up), set("b", base))).verdict).toBe("slower");
    // Intervals apart, but a move of 2.8%: within the noise threshold.
    expect(rowOf(compareResults(set("a", base), set("b", close))).verdict).toBe("no change");
    // A move of 8%, but the intervals overlap.
    expect(rowOf(compareResults(set("a", base), set("b", overlapping))).verdict).toBe("no change");
  });

  it("lists what only one folder measured, and refuses folders with nothing in common", () => {
    const c = compareResults(set("a", fixtureResult("node"), fixtureResult("bun")), set("b", fixtureResult("node")));
    expect(c.unmatched).toContain("bun mandelbrot sequential");
    expect(() => compareResults(set("a", fixtureResult("node")), set("b", fixtureResult("bun")))).toThrow(UsageError);
    expect(() => compareResults(set("a", fixtureResult("node")), set("b", fixtureResult("node")), 0)).toThrow(/--threshold/);
  });

  it("gives no ratio from a figure of 0 (a run below the clock's step), and still a verdict", () => {
    const zero = withSamples("mandelbrot", "sequential", 1, [0, 0, 0]);
    const seqOf = (c: ReturnType<typeof compareResults>) => c.rows.find((r) => r.workload === "mandelbrot" && r.row === "sequential")!;
    expect(seqOf(compareResults(set("a", zero), set("b", zero)))).toMatchObject({ change: 0, verdict: "no change" });
    const moved = seqOf(compareResults(set("a", zero), set("b", fixtureResult("node"))));
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

  it("reads two result folders and prints the table with its verdict and noise threshold, or JSON", async () => {
    const a = scratch("threadlab-compare-a-");
    const b = scratch("threadlab-compare-b-");
    writeFileSync(join(a, "node.json"), JSON.stringify(withSpeedup("mandelbrot", "workers", 2, { value: 1.8, low: 1.78, high: 1.82 })));
    writeFileSync(join(b, "node.json"), JSON.stringify(withSpeedup("mandelbrot", "workers", 2, { value: 1.5, low: 1.48, high: 1.52 })));
    const text = await compareCommand(a, b);
    expect(text).toMatch(/workers\(2\)\s+1\.80× \(1\.78–1\.82\)\s+1\.50× \(1\.48–1\.52\)\s+\S*−16\.7%\S*\s+\S*slower/);
    expect(text).toContain("Noise threshold ±5% (--threshold)");
    expect(text).toMatch(/0 faster, 1 slower; no change detected in the other \d+ of \d+\./);
    const json = JSON.parse(await compareCommand(a, b, { json: true, threshold: 25 }));
    expect(json.thresholdPct).toBe(25);
    expect(json.rows.every((r: { verdict: string }) => r.verdict === "no change")).toBe(true);
  });
});
