import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseResult } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { breakEvenSizes } from "../src/report/break-even.ts";
import { reportCommand } from "../src/report/report-command.ts";
import { singleCoreSummary } from "../src/report/single-core.ts";
import { confineUnavailable, confined, confinedPlan, withOneCore } from "../src/run/one-core.ts";
import type { RuntimeSpec } from "../src/runtimes/types.ts";
import { fixtureBreakEven, fixtureHalf, fixtureSingleCore } from "./fixtures/cost-experiments.ts";
import { fixtureResult } from "./fixtures/results.ts";
import { scratch } from "./helpers.ts";

describe("break-even finder", () => {
  it("finds the first size that beats sequential and the first at 80% efficiency", () => {
    const be = fixtureBreakEven({ 1: [0.1, 0.2], 10: [0.5, 0.9], 100: [0.8, 1.3], 1000: [0.95, 1.7], 10000: [0.99, 1.9] });
    expect(breakEvenSizes(be)).toEqual([
      { threads: 1, efficientAtUs: 100 },
      { threads: 2, beatsAtUs: 100, efficientAtUs: 1000 },
    ]);
  });

  it("counts a size only when every larger size holds too", () => {
    const be = fixtureBreakEven({ 1: [0.1, 1.2], 10: [0.5, 0.9], 100: [0.8, 1.3], 1000: [0.9, 1.4] });
    expect(breakEvenSizes(be)[1]).toMatchObject({ beatsAtUs: 100 });
  });

  it("says not reached when the largest size still loses", () => {
    const be = fixtureBreakEven({ 1: [0.1, 0.2], 100: [0.5, 1.1], 10000: [0.7, 0.95] });
    expect(breakEvenSizes(be)).toEqual([{ threads: 1 }, { threads: 2 }]);
  });
});

describe("single-core summary", () => {
  it("gives time lost and speed-up against n = 1 on the same cores, and switches per second", () => {
    const [one, two] = singleCoreSummary(fixtureSingleCore().oneCore!);
    expect(one).toMatchObject({ workers: 1, lostVsOne: 0, speedupVsOne: 1, allProgressed: true });
    expect(two!.lostVsOne).toBeCloseTo(0.1, 9);
    expect(two!.speedupVsOne).toBeCloseTo(60 / 66, 9);
    expect(two!.involuntaryPerSecond).toBeCloseTo(33 / 0.066, 6);
    expect(two!.voluntaryPerSecond).toBeCloseTo(2 / 0.066, 6);
  });

  it("flags a run where a call did not finish", () => {
    const half = fixtureHalf(1, [{ workers: 1, ms: 60, involuntary: 1 }, { workers: 4, ms: 70, involuntary: 9, done: 3 }]);
    expect(singleCoreSummary(half)[1]!.allProgressed).toBe(false);
  });
});

describe("confining a runner to one core", () => {
  it("says why it cannot: taskset missing, not Linux, a browser page", () => {
    expect(confineUnavailable("linux", undefined, "node")).toMatch(/^taskset was not found on PATH/);
    expect(confineUnavailable("darwin", "/usr/bin/taskset", "node")).toMatch(/Linux's taskset, and this is darwin/);
    expect(confineUnavailable("linux", "/usr/bin/taskset", "chromium")).toMatch(/browser page/);
    expect(confineUnavailable("linux", "/usr/bin/taskset", "bun")).toBeUndefined();
  });

  it("records the reason in the result instead of running anything when taskset is missing", async () => {
    const result = fixtureResult("node");
    result.experiments = { singleCore: { ...fixtureSingleCore(), oneCore: undefined } };
    delete result.experiments.singleCore!.oneCore;
    const spec = { name: "node" } as RuntimeSpec;
    const run = () => Promise.reject(new Error("must not run"));
    const out = await withOneCore(spec, result, run, () => {}, () => undefined, "linux");
    expect(out.experiments!.skipped!["singleCore/one-core"]).toMatch(/taskset was not found/);
    expect(out.experiments!.singleCore!.oneCore).toBeUndefined();
    expect(parseResult(JSON.parse(JSON.stringify(out)))).toEqual(out);
  });

  it("wraps the runtime's own runner command and asks it for the experiment alone", () => {
    const spec: RuntimeSpec = { name: "bun", fix: "", probe: async () => ({ ok: false, name: "bun", reason: "" }), command: (_f, json) => ({ command: "/bin/bun", args: ["runner.ts", json] }) };
    const found = { ok: true as const, name: "bun" as const, version: "1", path: "/bin/bun", entry: "runner.ts" };
    expect(confined(spec, "/usr/bin/taskset").command(found, "{}")).toEqual({ command: "/usr/bin/taskset", args: ["-c", "0", "/bin/bun", "runner.ts", "{}"] });
    const plan = confinedPlan(fixtureResult("bun").plan);
    expect(plan).toMatchObject({ experiments: ["singleCore"], workloads: ["noop"], strategies: ["sequential"], threads: [1] });
  });
});

describe("report sections", () => {
  it("shows the break-even table and chart, and the single-core table, in every rendering", async () => {
    const dir = scratch("threadlab-cost-");
    const node = fixtureResult("node");
    node.experiments = { breakEven: fixtureBreakEven({ 1: [0.1, 0.2], 100: [0.8, 1.3], 1000: [0.9, 1.7] }), singleCore: fixtureSingleCore() };
    const bun = fixtureResult("bun");
    bun.experiments = { skipped: { "singleCore/one-core": "taskset was not found on PATH (it comes with util-linux): the one-core half needs it" }, singleCore: { ...fixtureSingleCore() } };
    delete bun.experiments.singleCore!.oneCore;
    writeFileSync(join(dir, "node.json"), JSON.stringify(node));
    writeFileSync(join(dir, "bun.json"), JSON.stringify(bun));
    const outcome = await reportCommand(dir);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("## When workers pay, and what one core costs");
    expect(md).toMatch(/\| beats sequential from \| n=1: not reached · n=2: 100 µs \|/);
    expect(md).toMatch(/\| one core · 2 workers \| 66\.0 ms \(\+10% vs n=1, 0\.91×\) · all 2 done/);
    expect(md).toContain("n/a: taskset was not found on PATH");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<section id="worth-it">');
    expect(html).toContain('id="chart-break-even"');
    expect(outcome.terminal).toContain("80% efficiency from");
    expect(outcome.terminal).toContain("one core · 1 worker");
  });
});
