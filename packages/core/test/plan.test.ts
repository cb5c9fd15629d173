import { describe, expect, test } from "vitest";
import {
  DEFAULT_EXPERIMENTS,
  DEFAULT_STRATEGIES,
  PRESET_DEFAULTS,
  PlanError,
  gridBudgetMs,
  makePlan,
  parsePlan,
  resolvePlan,
  sizeOf,
  threadSweep,
  type Plan,
} from "../src/schema/plan.ts";
import { WORKLOAD_NAMES, getWorkload } from "../src/workloads/catalogue.ts";
import { PRESETS } from "../src/workloads/types.ts";

function planError(f: () => unknown): PlanError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PlanError);
    expect((e as Error).name).toBe("PlanError");
    return e as PlanError;
  }
  throw new Error("expected a PlanError, nothing was thrown");
}

describe("makePlan defaults", () => {
  test("no request: the default preset, every workload, the default strategies and experiments, threads left to each runtime", () => {
    expect(makePlan()).toEqual({
      preset: "default",
      workloads: [...WORKLOAD_NAMES],
      strategies: [...DEFAULT_STRATEGIES],
      experiments: [...DEFAULT_EXPERIMENTS],
      threads: [],
      samples: 5,
      warmup: 1,
      precision: 0.02,
      minSampleMs: PRESET_DEFAULTS.default.minSampleMs,
      budgetMs: PRESET_DEFAULTS.default.budgetMs,
      taskTimeoutMs: 300_000,
    });
  });

  test.each([
    ["smoke", 5, 1, 60_000],
    ["quick", 5, 1, 120_000],
    ["default", 5, 1, 300_000],
    ["full", 10, 2, 1_800_000],
  ] as const)("preset %s: a floor of %i samples, %i warm-up, %i ms task timeout", (preset, samples, warmup, taskTimeoutMs) => {
    const plan = makePlan({ preset });
    expect(plan).toMatchObject({ preset, samples, warmup, taskTimeoutMs, threads: [], budgetMs: PRESET_DEFAULTS[preset].budgetMs });
    expect(plan.workloads).toEqual([...WORKLOAD_NAMES]);
    expect(plan.strategies).toEqual([...DEFAULT_STRATEGIES]);
    expect(plan.experiments).toEqual([...DEFAULT_EXPERIMENTS]);
    expect(plan.sizes).toBeUndefined();
  });

  test("explicit fields override the preset; threads are de-duplicated and sorted", () => {
    const plan = makePlan({
      preset: "smoke",
      workloads: ["noop"],
      strategies: ["sequential"],
      threads: [4, 1, 4, 2],
      samples: 7,
      warmup: 0,
      precision: 0.05,
      minSampleMs: 3,
      budgetMs: 1234,
      taskTimeoutMs: 5,
      sizes: { noop: 12 },
    });
    expect(plan).toEqual({
      preset: "smoke",
      workloads: ["noop"],
      strategies: ["sequential"],
      experiments: [...DEFAULT_EXPERIMENTS],
      threads: [1, 2, 4],
      samples: 7,
      warmup: 0,
      precision: 0.05,
      minSampleMs: 3,
      budgetMs: 1234,
      taskTimeoutMs: 5,
      sizes: { noop: 12 },
    });
  });

  test("the request is not mutated", () => {
    const threads = [3, 1];
    makePlan({ threads });
    expect(threads).toEqual([3, 1]);
  });
});

describe("makePlan errors name the bad value", () => {
  test("unknown workload", () => {
    const e = planError(() => makePlan({ workloads: ["noop", "fizzbuzz"] }));
    expect(e.message).toContain('"fizzbuzz"');
    expect(e.message).toContain("mandelbrot"); // lists the known ones
  });

  test.each([0, -1, 1.5, 257, Number.NaN])("thread count %s", (t) => {
    const e = planError(() => makePlan({ threads: [2, t] }));
    expect(e.message).toContain(`invalid thread count ${String(t)}`);
  });

  test("unknown preset", () => {
    const e = planError(() => makePlan({ preset: "huge" as never }));
    expect(e.message).toContain('"huge"');
    for (const p of PRESETS) expect(e.message).toContain(p);
  });

  test("empty workload list", () => {
    const e = planError(() => makePlan({ workloads: [] }));
    expect(e.message).toMatch(/^invalid plan: workloads/);
  });

  test("unknown strategy", () => {
    const e = planError(() => makePlan({ strategies: ["telepathy" as never] }));
    expect(e.message).toContain("strategies.0");
    expect(e.message).toContain('unknown strategy "telepathy" (known: sequential, workers');
  });

  test("each issue carries its path and a message that names the bad value, for a caller to word its own way", () => {
    const e = planError(() => makePlan({ experiments: ["zap" as never], sizes: { nope: 3 }, samples: 0 }));
    expect(e.issues).toEqual([
      { path: "experiments.0", message: expect.stringMatching(/^unknown experiment "zap" \(known: async, /) },
      { path: "sizes.nope", message: expect.stringMatching(/^size given for unknown workload "nope" \(known: mandelbrot, /) },
      { path: "samples", message: "must be a whole number ≥ 1, got 0" },
    ]);
  });

  test.each([
    ["samples", { samples: 0 }],
    ["warmup", { warmup: -1 }],
    ["taskTimeoutMs", { taskTimeoutMs: 0 }],
    ["sizes.noop", { sizes: { noop: 0 } }],
    ["sizes.noop", { sizes: { noop: 2.5 } }],
  ])("bad %s", (path, request) => {
    const e = planError(() => makePlan(request));
    expect(e.message).toContain(`${path}:`);
  });
});

describe("parsePlan", () => {
  const good: Plan = makePlan({ preset: "smoke", workloads: ["noop"], strategies: ["sequential"], threads: [1] });

  test("accepts a plan that went through JSON", () => {
    expect(parsePlan(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  test.each([
    ["null", null],
    ["a string", "smoke"],
    ["an array", [good]],
    ["no preset", { ...good, preset: undefined }],
    ["an unknown preset", { ...good, preset: "huge" }],
    ["an unknown workload", { ...good, workloads: ["fizzbuzz"] }],
    ["no workloads", { ...good, workloads: [] }],
    ["no strategies", { ...good, strategies: [] }],
    ["a precision above 1", { ...good, precision: 2 }],
    ["a negative budget", { ...good, budgetMs: -1 }],
    ["a fractional thread count", { ...good, threads: [1.5] }],
    ["a zero thread count", { ...good, threads: [0] }],
    ["threads as a string", { ...good, threads: "2" }],
    ["samples as a string", { ...good, samples: "3" }],
    ["a negative warm-up", { ...good, warmup: -1 }],
    ["a zero task timeout", { ...good, taskTimeoutMs: 0 }],
    ["a size of 0", { ...good, sizes: { noop: 0 } }],
  ])("rejects %s", (_, input) => {
    const e = planError(() => parsePlan(input));
    expect(e.message).toMatch(/^invalid plan: /);
  });

  test("the message carries the path of the bad field", () => {
    expect(planError(() => parsePlan({ ...good, threads: [1, 0] })).message).toContain("threads.1:");
    expect(planError(() => parsePlan({ ...good, samples: "3" })).message).toContain("samples:");
  });
});

describe("sizeOf", () => {
  test("an override wins; otherwise the preset's size", () => {
    const plan = makePlan({ preset: "quick", sizes: { mandelbrot: 200 } });
    expect(sizeOf(plan, "mandelbrot")).toBe(200);
    expect(sizeOf(plan, "noop")).toBe(getWorkload("noop").sizes.quick);
    for (const preset of PRESETS) {
      const p = makePlan({ preset });
      for (const name of WORKLOAD_NAMES) expect(sizeOf(p, name)).toBe(getWorkload(name).sizes[preset]);
    }
  });

  test("an unknown workload throws", () => {
    expect(() => sizeOf(makePlan(), "nope")).toThrow(/unknown workload "nope"/);
  });
});

describe("thread counts sized to the machine", () => {
  test.each([
    [1, [1, 2]],
    [2, [1, 2, 4]],
    [3, [1, 2, 3, 6]],
    [4, [1, 2, 4, 8]],
    [6, [1, 2, 4, 6, 12]],
    [8, [1, 2, 4, 8, 16]],
    [64, [1, 2, 4, 8, 16, 32, 64, 128]],
  ])("%i cores: %j (powers of two, the cores, twice the cores)", (cores, sweep) => {
    expect(threadSweep(cores)).toEqual(sweep);
  });

  test("a core count the runtime cannot read (0, NaN) sweeps as one core; plans never exceed 256 threads", () => {
    expect(threadSweep(0)).toEqual([1, 2]);
    expect(threadSweep(Number.NaN)).toEqual([1, 2]);
    expect(Math.max(...threadSweep(1000))).toBeLessThanOrEqual(256);
  });

  test("a plan without thread counts takes the runtime's sweep; --threads still wins", () => {
    expect(resolvePlan(makePlan(), 4).threads).toEqual([1, 2, 4, 8]);
    expect(resolvePlan(makePlan({ threads: [3] }), 4).threads).toEqual([3]);
  });

  test("smoke and quick stop at the cores (no oversubscribed row); default and full go to twice the cores", () => {
    expect(resolvePlan(makePlan({ preset: "smoke" }), 2).threads).toEqual([1, 2]);
    expect(resolvePlan(makePlan({ preset: "quick" }), 2).threads).toEqual([1, 2]);
    expect(resolvePlan(makePlan({ preset: "quick" }), 6).threads).toEqual([1, 2, 4, 6]);
    expect(resolvePlan(makePlan({ preset: "full" }), 2).threads).toEqual([1, 2, 4]);
    expect(resolvePlan(makePlan({ preset: "quick", threads: [4] }), 2).threads).toEqual([4]);
  });

  test("the grid's budget grows with the sweep, by its square root past three counts", () => {
    const plan = makePlan();
    expect(gridBudgetMs(resolvePlan(plan, 2))).toBe(plan.budgetMs);
    expect(gridBudgetMs(resolvePlan(plan, 1))).toBe(plan.budgetMs);
    const big = gridBudgetMs(resolvePlan(plan, 64));
    expect(big).toBeCloseTo(plan.budgetMs * Math.sqrt(8 / 3), 6);
    expect(big).toBeLessThan(2 * plan.budgetMs);
  });
});
