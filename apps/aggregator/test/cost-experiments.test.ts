import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseResult } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { breakEvenContradictions, breakEvenSizes, shownFrom } from "../src/report/break-even.ts";
import { reportCommand } from "../src/report/report-command.ts";
import { singleCoreSummary } from "../src/report/single-core.ts";
import { confineUnavailable, confined, confinedPlan, oneWorkerDisagrees, withOneCore } from "../src/run/one-core.ts";
import type { RuntimeSpec } from "../src/runtimes/types.ts";
import { fixtureBreakEven, fixtureHalf, fixtureSingleCore } from "./fixtures/cost-experiments.ts";
import { fixtureResult } from "./fixtures/results.ts";
import { scratch } from "./helpers.ts";

describe("break-even finder: decided from intervals", () => {
  it("finds the first size whose interval lies above 1, and the first whose low end reaches 80% efficiency; one worker never beats inline", () => {
    const be = fixtureBreakEven({ 1: [0.1, 0.2], 10: [0.5, 0.9], 100: [0.8, 1.3], 1000: [0.95, 1.7], 10000: [0.99, 1.9] });
    expect(breakEvenSizes(be).map(({ largest: _, ...s }) => s)).toEqual([
      { threads: 1 },
      // 1.3× (1.17–1.43) lies above 1 from 100 µs; 80% efficiency needs the low end ÷ 2 ≥ 0.8: 1.71 ÷ 2 at 10 ms, not 1.53 ÷ 2 at 1 ms.
      { threads: 2, beatsAtUs: 100, efficientAtUs: 10000 },
    ]);
  });

  it("counts a size only when every larger size holds too", () => {
    const be = fixtureBreakEven({ 1: [0.1, 1.2], 10: [0.5, 0.9], 100: [0.8, 1.3], 1000: [0.9, 1.4] });
    expect(breakEvenSizes(be)[1]).toMatchObject({ beatsAtUs: 100 });
  });

  it("a median above 1 whose interval reaches below 1 does not count", () => {
    const be = fixtureBreakEven({ 100: [0.9, { value: 1.3, low: 1.1, high: 1.5 }], 1000: [0.9, { value: 1.77, low: 0.97, high: 1.9 }], 3000: [0.9, 1.85] });
    expect(breakEvenSizes(be)[1]!.beatsAtUs).toBe(3000);
  });

  it("says not shown, with the largest size's interval, when the largest size does not lie above 1", () => {
    const be = fixtureBreakEven({ 1: [0.1, 0.2], 100: [0.5, 1.1], 10000: [0.7, 0.95] });
    const [one, two] = breakEvenSizes(be);
    expect(one).toMatchObject({ threads: 1 });
    expect(two!.beatsAtUs).toBeUndefined();
    expect(shownFrom(two!.beatsAtUs, two!)).toBe("not shown at the sizes measured (at 10 ms: 0.95× (0.85–1.04))");
  });

  it("a claim contradicted by its points is caught: a point beyond the claimed size below 1 with a narrow interval", () => {
    // The table of the issue: above 1 from 30 µs to 300 µs, then 1 ms below 1 with a narrow interval, 3 ms above again.
    const be = fixtureBreakEven({
      10: [0.5, { value: 0.9, low: 0.8, high: 0.95 }],
      30: [0.6, { value: 1.18, low: 1.1, high: 1.25 }],
      100: [0.8, { value: 1.77, low: 1.6, high: 1.85 }],
      300: [0.9, { value: 1.85, low: 1.7, high: 1.9 }],
      1000: [0.9, { value: 0.97, low: 0.95, high: 0.99 }],
      3000: [0.95, { value: 1.9, low: 1.8, high: 1.95 }],
    });
    const found = breakEvenSizes(be)[1]!.beatsAtUs;
    expect(found).toBe(3000);
    expect(breakEvenContradictions(be, 2, found)).toEqual([]);
    // What a rule that ignored the later points would have claimed: the test must catch it.
    const wrong = breakEvenContradictions(be, 2, 30);
    expect(wrong).toContain("workers(2) at 1 ms: 0.97× (0.95–0.99), not above 1, at or beyond the claimed 30 µs");
    expect(wrong.at(-1)).toBe("workers(2): the points say 3 ms, the claim 30 µs");
    // A claim of "not shown" where a size qualifies is a contradiction too.
    expect(breakEvenContradictions(be, 2, undefined)).toEqual(["workers(2): the points say 3 ms, the claim not shown"]);
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
    // The first runner's calibration goes with it, so both halves run the same calls.
    expect(confinedPlan(fixtureResult("bun").plan, 166_000).spinItersPerUs).toBe(166_000);
    expect(confinedPlan(fixtureResult("bun").plan)).not.toHaveProperty("spinItersPerUs");
  });

  it("marks the confined half suspect when its one-worker row strays more than 10% from the other's, or ran other calls", () => {
    const all = fixtureHalf(2, [{ workers: 1, ms: 30.4, involuntary: 1 }, { workers: 2, ms: 31, involuntary: 1 }]);
    const one = fixtureHalf(1, [{ workers: 1, ms: 62.7, involuntary: 1 }, { workers: 2, ms: 64, involuntary: 30 }]);
    expect(oneWorkerDisagrees(all, one)).toMatch(/^one worker took 62\.7 ms confined to core 0 and 30\.4 ms on all cores for the same calls, more than 10% apart/);
    expect(oneWorkerDisagrees(all, fixtureHalf(1, [{ workers: 1, ms: 32, involuntary: 1 }]))).toBeUndefined();
    expect(oneWorkerDisagrees(all, { ...fixtureHalf(1, [{ workers: 1, ms: 30.4, involuntary: 1 }]), iterations: 5e6 })).toMatch(/ran 5,000,000 iterations a run against 10,000,000: not the same work/);
  });

  it("adds that mark when it merges the confined runner's half, and the report shows it", async () => {
    const result = fixtureResult("node");
    result.experiments = { singleCore: { ...fixtureSingleCore(), itersPerUs: 166_000, oneCore: undefined } };
    const slow = fixtureHalf(1, [{ workers: 1, ms: 80, involuntary: 1 }, { workers: 2, ms: 82, involuntary: 30 }]);
    let sent = "";
    const run = async (_spec: RuntimeSpec, planJson: string) => {
      sent = planJson;
      const confinedResult = fixtureResult("node");
      confinedResult.experiments = { singleCore: { workMs: 60, samples: 3, allCores: slow } };
      return { ok: true as const, result: confinedResult };
    };
    const spec = { name: "node", command: () => ({ command: "node", args: [] }) } as unknown as RuntimeSpec;
    const out = await withOneCore(spec, result, run, () => {}, () => "/usr/bin/taskset", "linux");
    expect(JSON.parse(sent).spinItersPerUs).toBe(166_000);
    expect(out.experiments!.singleCore!.oneCore!.suspect).toMatch(/one worker took 80\.0 ms confined to core 0 and 60\.0 ms on all cores/);
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
    expect(md).toMatch(/\| beats sequential from \| n=2: 100 µs \|/);
    expect(md).toMatch(/\| one worker's cost a call \| \+900\.0 µs a call \(0\.0 to 1000\.0\) \|/);
    expect(md).toMatch(/\| one core · 2 workers \| 66\.0 ms \(\+10% vs n=1, 0\.91×\) · all 2 done/);
    expect(md).toContain("n/a: taskset was not found on PATH");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<details class="section level-2" id="worth-it">');
    expect(html).toContain('id="chart-break-even"');
    // The terminal points to them rather than printing them.
    expect(outcome.terminal).toContain(`${join(dir, "report.md")} (and report.html beside it)`);
  });
});
