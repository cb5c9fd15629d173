import { expandSteps, joinResults, makePlan, PartsProgress, parseResult, planPerWorkload, resolvePlan, type ProgressEvent } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { fixtureCheck, fixtureResult } from "./fixtures/results.ts";

const plan = makePlan({ preset: "quick", workloads: ["mandelbrot", "spectral-norm", "noop"], threads: [1, 2], budgetMs: 3_000 });

describe("a fresh runner per workload", () => {
  it("splits the plan by workload, the budget shared out, the experiments with the last part", () => {
    const parts = planPerWorkload(plan);
    expect(parts.map((p) => p.workloads)).toEqual([["mandelbrot"], ["spectral-norm"], ["noop"]]);
    expect(parts.map((p) => p.budgetMs)).toEqual([1_000, 1_000, 1_000]);
    expect(parts.map((p) => p.experiments.length)).toEqual([0, 0, plan.experiments.length]);
    expect(parts.every((p) => p.strategies === plan.strategies && p.threads === plan.threads)).toBe(true);
    // Smoke only shows that everything runs: one runner for the whole plan.
    expect(planPerWorkload({ ...plan, preset: "smoke" })).toEqual([{ ...plan, preset: "smoke" }]);
  });

  it("joins the parts into one valid result: scenarios in order, the last part's experiments, the whole plan", () => {
    const a = fixtureResult("node");
    const b = { ...fixtureResult("node"), experiments: { skipped: { x: "why" } }, finishedAt: "2030-01-01T00:00:00.000Z" };
    const joined = joinResults(plan, [{ ...a, experiments: undefined }, b]);
    expect(joined.scenarios).toHaveLength(a.scenarios.length + b.scenarios.length);
    expect(joined.experiments).toEqual(b.experiments);
    expect(joined.finishedAt).toBe(b.finishedAt);
    expect(joined.startedAt).toBe(a.startedAt);
    expect(joined.plan.workloads).toEqual(plan.workloads);
    expect(joined.plan.budgetMs).toBe(plan.budgetMs);
    expect(() => parseResult(JSON.parse(JSON.stringify(joined)))).not.toThrow();
  });

  it("keeps every part's machine checks, each naming the workload it ran beside", () => {
    const a = { ...fixtureResult("node"), machineChecks: [fixtureCheck(1.98, "start", "mandelbrot"), fixtureCheck(1.4, "end", "mandelbrot")] };
    const b = { ...fixtureResult("node"), machineChecks: [fixtureCheck(1.97, "start", "spectral-norm")] };
    const joined = joinResults(plan, [a, b]);
    expect(joined.machineChecks?.map((c) => `${c.workloads[0]}@${c.at}`)).toEqual(["mandelbrot@start", "mandelbrot@end", "spectral-norm@start"]);
    expect(() => parseResult(JSON.parse(JSON.stringify(joined)))).not.toThrow();
  });

  it("numbers the scenarios across parts and counts the parts to come in the total", () => {
    const events: ProgressEvent[] = [];
    const progress = new PartsProgress(plan, (e) => events.push(e), 2);
    const counts = planPerWorkload(plan).map((p) => expandSteps(resolvePlan(p, 2), 2).length);
    const total = counts.reduce((x, y) => x + y, 0);
    const start = (index: number, of: number) =>
      ({ type: "scenario-start", index, total: of, workload: "w", strategy: "sequential", threads: 1, size: 1, etaMs: 1_000 }) as const;
    progress.forPart(0)(start(0, counts[0]!));
    progress.partDone(counts[0]!);
    progress.forPart(1)(start(1, counts[1]!));
    progress.forPart(1)({ type: "sample", index: 1, sample: 1, samples: 5, ms: 1 });
    const [first, second, sample] = events as [ProgressEvent & { total: number; index: number; etaMs: number }, ProgressEvent & { total: number; index: number }, ProgressEvent & { index: number }];
    expect([first.index, first.total]).toEqual([0, total]);
    expect([second.index, second.total]).toEqual([counts[0]! + 1, total]);
    expect(sample.index).toBe(counts[0]! + 1);
    // Two parts to come: the time left is more than the first part's own.
    expect(first.etaMs).toBeGreaterThan(2 * 1_000);
  });
});
