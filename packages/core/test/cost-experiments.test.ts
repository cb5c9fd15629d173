import { describe, expect, test } from "vitest";
import { breakEvenThreads, overheadPerCall, tasksFor } from "../src/experiments/break-even.ts";
import { parseProcStatus } from "../src/experiments/context-switches.ts";
import { spinDigest, spinInputs } from "../src/experiments/spin-work.ts";
import { makePlan } from "../src/schema/plan.ts";
import { RESULT_SCHEMA, parseResult, type BreakEvenResult, type Result, type SingleCoreResult } from "../src/schema/result.ts";
import { scaling, summarize } from "../src/stats/stats.ts";
import { spin } from "../src/workloads/spin.ts";

function bare(): Result {
  return {
    schema: RESULT_SCHEMA,
    runtime: { name: "node", version: "20.20.2", engine: "V8" },
    machine: { cpuModel: "Test CPU", cores: 2, os: "linux", arch: "x64" },
    startedAt: "2025-01-01T00:00:00.000Z",
    finishedAt: "2025-01-01T00:00:05.000Z",
    plan: makePlan({ preset: "smoke", workloads: ["noop"], threads: [1, 2] }),
    scenarios: [],
    experiments: { race: { threads: 2, incrementsPerThread: 10, runs: [] } },
  };
}

const seq = summarize([10, 11, 12]);
const two = summarize([6, 6.5, 7]);
const breakEven: BreakEvenResult = {
  itersPerUs: 300,
  workMs: 10,
  threads: [2],
  points: [
    {
      taskUs: 100,
      iterations: 30_000,
      tasks: 100,
      rounds: 3,
      sequential: seq,
      workers: [
        { threads: 1, summary: seq, speedup: { value: 0.98, low: 0.97, high: 0.99 }, efficiency: 0.98, overheadUs: { value: 2.1, low: 1.8, high: 2.5 } },
        { threads: 2, summary: two, speedup: scaling(seq, two, 2)!.speedup, efficiency: 0.85 },
      ],
    },
  ],
};
const run = (workers: number) => ({
  workers,
  summary: summarize([60, 61, 62]),
  switches: { voluntary: 3, involuntary: 20 },
  switchesPerSecond: { voluntary: 50, involuntary: 330 },
  completion: { tasks: workers, done: workers, workers, firstDone: 0.98, lastDone: 1 },
});
const singleCore: SingleCoreResult = {
  workMs: 60,
  itersPerUs: 166_000,
  samples: 3,
  allCores: { cores: 2, source: "resourceUsage", iterations: 1e7, runs: [run(1), run(2)] },
  oneCore: { cores: 1, source: "proc-self-status", iterations: 1e7, runs: [run(1), run(2)], cpuList: "0", suspect: "one worker took 70 ms confined" },
};

describe("break-even and single-core results", () => {
  test("a result without the new experiments still reads (older files)", () => {
    const r = bare();
    expect(parseResult(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  test("breakEven and singleCore survive a JSON round trip", () => {
    const r = bare();
    r.experiments = { ...r.experiments, breakEven, singleCore };
    expect(parseResult(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  test("a singleCore half from an unknown counter source is refused", () => {
    const r = bare();
    r.experiments = { singleCore: { ...singleCore, allCores: { ...singleCore.allCores, source: "guess" as "resourceUsage" } } };
    expect(() => parseResult(JSON.parse(JSON.stringify(r)))).toThrow(/allCores\.source/);
  });
});

describe("break-even sizing", () => {
  test("calls per run: about the work asked for, bounded, a multiple of every worker count", () => {
    expect(tasksFor(10, [1, 2], 10, 1000)).toBe(1000);
    expect(tasksFor(1, [1, 2], 10, 1000)).toBe(1000); // capped: a 1 µs call costs more to send than to run
    expect(tasksFor(30, [1, 2], 10, 1000)).toBe(334);
    // Eight calls per worker at the widest count, however long a call: fewer, and one call's hiccup is the run's.
    expect(tasksFor(10_000, [1, 2], 10, 1000)).toBe(16);
    expect(tasksFor(3_000, [1, 2, 3], 10, 1000)).toBe(24);
    expect(tasksFor(10_000, [1, 2, 4], 10, 1000)).toBe(32);
  });

  test("one worker's cost a call: the median of the rounds' (worker − inline) ÷ calls, in µs, with its interval", () => {
    // Six rounds of 100 calls: the worker took 0.2 ms more a run, but for one round disturbed by 1 ms.
    const inline = [10, 10.5, 9.8, 10.1, 10, 10.2];
    const worker = inline.map((x, i) => x + (i === 3 ? 1.2 : 0.2));
    const cost = overheadPerCall(inline, worker, 100);
    expect(cost.value).toBeCloseTo(2, 9);
    expect(cost.low).toBeCloseTo(2, 9);
    expect(cost.high).toBeCloseTo(12, 9);
  });

  test("worker counts: those that fit the cores, or the smallest asked for", () => {
    expect(breakEvenThreads([1, 2, 4], 2)).toEqual([1, 2]);
    expect(breakEvenThreads([8, 16], 2)).toEqual([8]);
  });

  test("the kernel's answers depend on every call and seed", () => {
    const inputs = spinInputs(1000, 4);
    const answers = inputs.map(spin);
    expect(new Set(answers).size).toBe(4);
    expect(spinDigest(answers)).not.toBe(spinDigest([...answers].reverse()));
  });
});

describe("context switches from /proc", () => {
  test("reads both counters from a status text", () => {
    const text = "Name:\tnode\nvoluntary_ctxt_switches:\t120\nnonvoluntary_ctxt_switches:\t7\n";
    expect(parseProcStatus(text)).toEqual({ voluntary: 120, involuntary: 7 });
  });

  test("a text without them is an error, not zero", () => {
    expect(() => parseProcStatus("Name:\tnode\n")).toThrow(/no context-switch counts/);
  });
});
