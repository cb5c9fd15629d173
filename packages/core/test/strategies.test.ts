import { afterEach, describe, expect, test, vi } from "vitest";
import { makePlan, resolvePlan } from "../src/plan.ts";
import type { RuntimeAdapter } from "../src/seam.ts";
import { STRATEGIES, STRATEGY_REGISTRY, expandSteps, strategyLabel, strategyOf } from "../src/strategies/index.ts";

describe("the strategy registry", () => {
  test("one strategy per name, in plan order, sequential the only baseline", () => {
    expect(Object.keys(STRATEGY_REGISTRY).sort()).toEqual([...STRATEGIES].sort());
    for (const name of STRATEGIES) expect(strategyOf(name).name).toBe(name);
    expect(STRATEGIES.filter((s) => strategyOf(s).baseline)).toEqual(["sequential"]);
  });

  test.each([
    [{ strategy: "sequential", threads: 1 }, "sequential"],
    [{ strategy: "workers", threads: 2 }, "workers(2)"],
    [{ strategy: "interleaved", threads: 1, variant: "messageChannel" }, "interleaved(messageChannel)"],
    [{ strategy: "shared", threads: 4 }, "shared(4)"],
    [{ strategy: "processes", threads: 2 }, "processes(2)"],
  ] as const)("%j is labelled %s", (row, label) => {
    expect(strategyLabel(row)).toBe(label);
  });
});

describe("applicability per runtime", () => {
  const adapter = (withProcesses: boolean) => ({ ...(withProcesses ? { startProcess: () => ({}) } : {}) }) as unknown as RuntimeAdapter;
  afterEach(() => vi.unstubAllGlobals());

  test("processes need a runtime that starts child processes", () => {
    expect(strategyOf("processes").notApplicable(adapter(false))).toBe("not applicable: this runtime cannot start child processes");
    expect(strategyOf("processes").notApplicable(adapter(true))).toBeUndefined();
  });

  test("shared needs SharedArrayBuffer", () => {
    expect(strategyOf("shared").notApplicable(adapter(false))).toBeUndefined();
    vi.stubGlobal("SharedArrayBuffer", undefined);
    expect(strategyOf("shared").notApplicable(adapter(false))).toBe(
      "not applicable: SharedArrayBuffer is unavailable here (a browser page must be cross-origin isolated)",
    );
  });

  test.each(["sequential", "workers", "interleaved"] as const)("%s runs anywhere", (name) => {
    expect(strategyOf(name).notApplicable(adapter(false))).toBeUndefined();
  });
});

describe("expanding a plan", () => {
  const rows = (workloads: string[], cores: number) =>
    expandSteps(resolvePlan(makePlan({ preset: "smoke", workloads, experiments: [] }), cores), cores).map(
      (s) => `${s.workload.name} ${strategyLabel(s)}${s.traced ? "*" : ""}`,
    );

  test("noop compares both yields, has no shared rows, and runs processes at the widest count within the cores", () => {
    expect(rows(["noop"], 2)).toEqual([
      "noop sequential*",
      "noop workers(1)",
      "noop workers(2)",
      "noop workers(4)*",
      "noop interleaved(setTimeout)",
      "noop interleaved(messageChannel)*",
      "noop processes(2)*",
    ]);
  });

  test("only the strategies asked for, still in strategy order", () => {
    const plan = makePlan({ preset: "smoke", workloads: ["mandelbrot"], strategies: ["processes", "sequential"], threads: [1, 2, 8], experiments: [] });
    expect(expandSteps(plan, 4).map((s) => strategyLabel(s))).toEqual(["sequential", "processes(2)"]);
  });
});
