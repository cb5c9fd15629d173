import { describe, expect, test } from "vitest";
import { makePlan } from "../src/schema/plan.ts";
import { RESULT_SCHEMA, ResultError, parseResult, type Result } from "../src/schema/result.ts";
import { runtimeRank } from "../src/probe/runtime-names.ts";
import { summarize, scaling } from "../src/stats/stats.ts";

function validResult(): Result {
  const summary = summarize([10, 11, 12]);
  return {
    schema: RESULT_SCHEMA,
    runtime: { name: "node", version: "20.20.2", engine: "V8", engineVersion: "11.3" },
    machine: { cpuModel: "Test CPU", cores: 2, memoryBytes: 4 * 2 ** 30, os: "linux", arch: "x64" },
    startedAt: "2025-01-01T00:00:00.000Z",
    finishedAt: "2025-01-01T00:00:05.000Z",
    plan: makePlan({ preset: "smoke", workloads: ["noop", "spectral-norm"], threads: [1, 2] }),
    scenarios: [
      {
        workload: "noop",
        strategy: "sequential",
        threads: 1,
        size: 100,
        status: "ok",
        verification: { ok: true, expected: "4950", actual: "4950", source: "sum" },
        samplesMs: [10, 11, 12],
        summary,
        scaling: scaling(summary, summary, 1),
        eventLoopLagMs: { p50: 0.1, p99: 1, max: 2 },
        memory: { peakRssBytes: 1000, peakHeapUsedBytes: 500 },
      },
      {
        workload: "noop",
        strategy: "workers",
        threads: 2,
        size: 100,
        status: "ok",
        samplesMs: [5, 6, 7],
        summary: summarize([5, 6, 7]),
        scaling: scaling(summary, summarize([5, 6, 7]), 2),
        startupMs: 30,
        timeline: [{ workerId: 0, method: "runKernel", start: 0, end: 1, ok: true }],
      },
      {
        workload: "spectral-norm",
        strategy: "sequential",
        threads: 1,
        size: 7,
        status: "failed",
        error: { name: "VerificationError", message: "spectral-norm: output does not match", stack: "at x" },
        verification: { ok: false, expected: "(no known answer)", actual: "1.2", source: "published" },
        samplesMs: [],
      },
    ],
  };
}

function resultError(f: () => unknown): ResultError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ResultError);
    expect((e as Error).name).toBe("ResultError");
    return e as ResultError;
  }
  throw new Error("expected a ResultError, nothing was thrown");
}

describe("parseResult", () => {
  test("a valid document round-trips through JSON unchanged", () => {
    const doc = validResult();
    const parsed = parseResult(JSON.parse(JSON.stringify(doc)));
    expect(parsed).toEqual(doc);
    expect(parseResult(parsed)).toEqual(doc);
  });

  test("a file from before adaptive sampling (no precision, budget, n flags) still reads, with the plan's defaults filled in", () => {
    const old = JSON.parse(JSON.stringify(validResult()));
    delete old.plan.precision;
    delete old.plan.budgetMs;
    old.plan.samples = 10;
    const parsed = parseResult(old);
    expect(parsed.plan).toMatchObject({ samples: 10, precision: 0.02 });
    expect(parsed.scenarios[0]!.stop).toBeUndefined();
    expect(parsed.scenarios[0]!.noisy).toBeUndefined();
  });

  test("the sampling fields of a scenario are checked when present", () => {
    const doc = validResult();
    doc.scenarios[0] = { ...doc.scenarios[0]!, stop: "precision", noisy: false, outliers: [1], warmupRuns: 2, budgetMs: 500, suspect: "because" };
    expect(parseResult(JSON.parse(JSON.stringify(doc))).scenarios[0]).toMatchObject({ stop: "precision", outliers: [1], suspect: "because" });
    const bad = JSON.parse(JSON.stringify(doc));
    bad.scenarios[0].stop = "tired";
    expect(resultError(() => parseResult(bad)).message).toContain("scenarios.0.stop");
  });

  test("a wrong schema string names the unsupported schema", () => {
    const e = resultError(() => parseResult({ ...validResult(), schema: "threadlab.result/v2" }));
    expect(e.message).toContain('unsupported schema "threadlab.result/v2"');
    expect(e.message).toContain(RESULT_SCHEMA);
  });

  test("a missing top-level field gives its path", () => {
    const { machine: _, ...doc } = validResult();
    const e = resultError(() => parseResult(doc));
    expect(e.message).toContain(`not a valid ${RESULT_SCHEMA} file`);
    expect(e.message).toContain("machine:");
  });

  test("a missing nested field gives its dotted path", () => {
    const doc = validResult() as any;
    delete doc.scenarios[1].samplesMs;
    expect(resultError(() => parseResult(doc)).message).toContain("scenarios.1.samplesMs:");

    const doc2 = validResult() as any;
    delete doc2.runtime.version;
    expect(resultError(() => parseResult(doc2)).message).toContain("runtime.version:");
  });

  test("a missing schema field is reported, not waved through", () => {
    const { schema: _, ...doc } = validResult();
    expect(resultError(() => parseResult(doc)).message).toContain("schema:");
  });

  test.each([
    ["a bad status", (d: any) => (d.scenarios[0].status = "meh"), "scenarios.0.status:"],
    ["an unknown strategy", (d: any) => (d.scenarios[0].strategy = "async"), "scenarios.0.strategy:"],
    ["an unknown runtime", (d: any) => (d.runtime.name = "rhino"), "runtime.name:"],
    ["a timestamp that is not ISO", (d: any) => (d.startedAt = "yesterday"), "startedAt:"],
    ["a sample that is not a number", (d: any) => (d.scenarios[0].samplesMs[1] = "11"), "scenarios.0.samplesMs.1:"],
    ["an invalid embedded plan", (d: any) => (d.plan.threads = [0]), "plan.threads.0:"],
    ["a NaN in a summary", (d: any) => (d.scenarios[0].summary.median = Number.NaN), "scenarios.0.summary.median:"],
  ])("rejects %s with its path", (_, mutate, path) => {
    const doc = validResult();
    mutate(doc);
    expect(resultError(() => parseResult(doc)).message).toContain(path);
  });

  test.each([null, undefined, 42, "threadlab.result/v1", []])("rejects the non-document %j", (input) => {
    resultError(() => parseResult(input));
  });

  test("the source argument prefixes every message", () => {
    expect(
      resultError(() => parseResult({ ...validResult(), schema: "other" }, "results/node.json")).message,
    ).toMatch(/^results\/node\.json: /);
    const { machine: _, ...doc } = validResult();
    expect(resultError(() => parseResult(doc, "results/deno.json")).message).toMatch(/^results\/deno\.json: /);
    expect(resultError(() => parseResult(doc)).message).toMatch(/^result: /);
  });
});

describe("runtimeRank", () => {
  test("lists runtimes in core's order, any other name after them", () => {
    expect(["chromium", "zig", "node", "bun", "deno"].sort((a, b) => runtimeRank(a) - runtimeRank(b))).toEqual(["node", "deno", "bun", "chromium", "zig"]);
  });
});
