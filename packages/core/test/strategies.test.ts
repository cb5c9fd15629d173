import { afterEach, describe, expect, test, vi } from "vitest";
import { makePlan, resolvePlan } from "../src/schema/plan.ts";
import type { RuntimeAdapter } from "../src/probe/runtime-probe.ts";
import { BASELINE_STRATEGY, STRATEGIES, STRATEGY_REGISTRY, expandSteps, strategyFor, strategyLabel, strategyOf, type ReportRole } from "../src/strategies/index.ts";

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

describe("the traits callers ask instead of spelling names", () => {
  test("where each strategy's work runs", () => {
    expect(Object.fromEntries(STRATEGIES.map((s) => [s, strategyOf(s).runsOn]))).toEqual({
      sequential: "caller",
      workers: "threads",
      interleaved: "caller",
      shared: "threads",
      processes: "processes",
    });
  });

  test("each report role is one strategy's, and the baseline is sequential", () => {
    const roles: ReportRole[] = ["slices", "thread-pool", "shared-memory", "processes"];
    expect(roles.map(strategyFor)).toEqual(["interleaved", "workers", "shared", "processes"]);
    for (const role of roles) expect(STRATEGIES.filter((s) => strategyOf(s).role === role)).toHaveLength(1);
    expect(BASELINE_STRATEGY).toBe("sequential");
  });

  test("only workers(1) and interleaved do the baseline's work on one thread, each with what it adds", () => {
    const rows = [
      { strategy: "sequential", threads: 1 },
      { strategy: "workers", threads: 1 },
      { strategy: "workers", threads: 2 },
      { strategy: "interleaved", threads: 1, variant: "setTimeout" },
      { strategy: "interleaved", threads: 1, variant: "messageChannel" },
      { strategy: "shared", threads: 1 },
      { strategy: "processes", threads: 1 },
    ] as const;
    expect(rows.filter((r) => strategyOf(r.strategy).oneThreadCost(r) !== undefined).map((r) => strategyLabel(r))).toEqual([
      "workers(1)",
      "interleaved(setTimeout)",
      "interleaved(messageChannel)",
    ]);
    expect(strategyOf("interleaved").oneThreadCost(rows[3])).toMatch(/timer clamp/);
    expect(strategyOf("workers").oneThreadCost(rows[1])).toMatch(/hand-off/);
  });

  test("the rows a plan traces are the rows each strategy says it traces", () => {
    const plan = resolvePlan(makePlan({ preset: "smoke", workloads: ["noop", "mandelbrot"], experiments: [] }), 2);
    const steps = expandSteps(plan, 2);
    for (const step of steps) {
      const widest = Math.max(...steps.filter((s) => s.workload === step.workload && s.strategy === step.strategy).map((s) => s.threads));
      expect(strategyOf(step.strategy).traces(step, widest), `${step.workload.name} ${strategyLabel(step)}`).toBe(step.traced);
    }
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
    expandSteps(resolvePlan(makePlan({ preset: "default", workloads, experiments: [] }), cores), cores).map(
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
