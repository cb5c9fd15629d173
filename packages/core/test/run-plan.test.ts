import { describe, expect, test } from "vitest";
import { runPlan } from "../src/bench/run-plan.ts";
import { expandSteps as steps } from "../src/strategies/index.ts";
import type { ProgressEvent } from "../src/bench-kit/runner-protocol.ts";
import { settling } from "../src/bench/sampling.ts";
import { makePlan, sizeOf } from "../src/schema/plan.ts";
import { RESULT_SCHEMA, parseResult } from "../src/schema/result.ts";
import { pairedRatio } from "../src/stats/stats.ts";
import type { RuntimeAdapter } from "../src/probe/runtime-probe.ts";
import { WORKLOAD_NAMES } from "../src/workloads/catalogue.ts";

/** An in-process adapter; `startWorker` must never be reached with strategies ["sequential"]. */
function fakeAdapter(now: () => number = () => performance.now()): RuntimeAdapter & { workersStarted: number } {
  const adapter = {
    workersStarted: 0,
    runtime: () => ({ name: "node" as const, version: "0.0.0-test", engine: "V8" as const }),
    machine: () => ({ cpuModel: "fake", cores: 2, os: "test", arch: "x64" }),
    cpuCount: () => 2,
    now,
    memory: () => ({ heapUsedBytes: 1234 }),
    startWorker(): never {
      adapter.workersStarted++;
      throw new Error("startWorker must not be called for sequential scenarios");
    },
    benchWorkerUrl: "about:blank",
  };
  return adapter;
}

describe("runPlan's machine checks", () => {
  test("none for a plan without parallel rows; a check that cannot start its workers is recorded once, not retried at the end", async () => {
    const quiet = await runPlan(makePlan({ preset: "smoke", workloads: ["noop"], strategies: ["sequential"], threads: [1], experiments: [] }), fakeAdapter());
    expect(quiet.machineChecks).toBeUndefined();
    expect(quiet.machineCheckErrors).toBeUndefined();
    const adapter = fakeAdapter();
    // The default preset checks before the first parallel row and after the last: here only the first is tried.
    const plan = makePlan({ preset: "default", workloads: ["noop"], strategies: ["sequential", "workers"], threads: [2], sizes: { noop: 100 }, budgetMs: 500, experiments: [] });
    const result = await runPlan(plan, adapter);
    expect(result.machineChecks).toBeUndefined();
    expect(result.machineCheckErrors).toEqual([expect.stringMatching(/^start: /)]);
    // Smoke and quick check after the last parallel row only, and only when one ran: here the workers could not start.
    const smoke = await runPlan(makePlan({ preset: "smoke", workloads: ["noop"], strategies: ["sequential", "workers"], threads: [2], experiments: [] }), fakeAdapter());
    expect(smoke.scenarios.find((s) => s.strategy === "workers")?.status).toBe("failed");
    expect(smoke.machineCheckErrors).toBeUndefined();
    expect(result.scenarios.find((s) => s.strategy === "sequential")?.status).toBe("ok");
    expect(result.scenarios.find((s) => s.strategy === "workers")?.busy).toBeUndefined();
    expect(() => parseResult(JSON.parse(JSON.stringify(result)))).not.toThrow();
  });
});

describe("runPlan, sequential strategy only", () => {
  test("smoke preset: every scenario ok, verified, summarized, with event-loop lag", async () => {
    const plan = makePlan({ preset: "smoke", strategies: ["sequential"], threads: [1], experiments: [] });
    const adapter = fakeAdapter();
    expect(plan.samples).toBe(5);
    const events: ProgressEvent[] = [];
    const result = await runPlan(plan, adapter, { onProgress: (e) => events.push(e) });

    expect(adapter.workersStarted).toBe(0);
    expect(result.schema).toBe(RESULT_SCHEMA);
    expect(result.runtime).toEqual(adapter.runtime());
    expect(result.machine).toEqual(adapter.machine());
    expect(result.plan).toEqual(plan);
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));

    expect(result.scenarios.map((s) => s.workload)).toEqual([...WORKLOAD_NAMES]);
    for (const s of result.scenarios) {
      expect(s.error, `${s.workload}: ${s.error?.message}`).toBeUndefined();
      expect(s.status).toBe("ok");
      expect(s.strategy).toBe("sequential");
      expect(s.threads).toBe(1);
      expect(s.size).toBe(sizeOf(plan, s.workload));
      expect(s.verification?.ok).toBe(true);
      // Adaptive: never below the floor, n recorded, and why it stopped.
      expect(s.samplesMs.length).toBeGreaterThanOrEqual(plan.samples);
      for (const ms of s.samplesMs) expect(ms).toBeGreaterThanOrEqual(0);
      expect(s.summary?.n).toBe(s.samplesMs.length);
      expect(["precision", "budget", "cap"]).toContain(s.stop);
      // Smoke's grid budget is 1 s: on a busy machine (every suite at once, in CI) it is spent before the last
      // workload, which then gets 0 ms and its floor of samples.
      expect(s.budgetMs).toBeGreaterThanOrEqual(0);
      expect(s.warmupRuns).toBeGreaterThanOrEqual(2);
      for (const i of s.outliers ?? []) expect(s.samplesMs[i]).toBeDefined();
      expect(s.eventLoopLagMs).toBeDefined();
      expect(s.eventLoopLagMs!.p50).toBeGreaterThanOrEqual(0);
      expect(s.eventLoopLagMs!.max).toBeGreaterThanOrEqual(s.eventLoopLagMs!.p99);
      expect(s.memory).toEqual({ peakHeapUsedBytes: 1234 });
      // No pool, so no start-up time; the warm-up's timeline shows every kernel call on the calling thread (worker 0).
      expect(s.startupMs).toBeUndefined();
      if (s.workload !== "noop") {
        expect(s.timeline?.length).toBeGreaterThan(0);
        expect(s.timeline!.every((t) => t.workerId === 0 && t.end >= t.start)).toBe(true);
      }
      // Sequential against itself: speed-up 1, efficiency 1, no Karp–Flatt for one thread.
      if (s.summary!.median > 0) {
        expect(s.scaling?.speedup.value).toBe(1);
        expect(s.scaling?.efficiency).toBe(1);
        expect(s.scaling && "karpFlatt" in s.scaling).toBe(false);
      }
    }

    // Progress: start (with the time left), one event per sample, end (with n); for each scenario in order. Samples
    // found still falling give way to new ones (numbered on from those kept), so a row may have more events than samples.
    const total = WORKLOAD_NAMES.length;
    const scenarioEvents = events.filter((e): e is Extract<ProgressEvent, { index: number }> => "index" in e);
    expect(scenarioEvents).toHaveLength(events.length);
    WORKLOAD_NAMES.forEach((w, index) => {
      const own = scenarioEvents.filter((e) => e.index === index);
      const kept = result.scenarios[index]!.samplesMs.length;
      expect(own[0]).toMatchObject({ type: "scenario-start", index, total, workload: w, strategy: "sequential", threads: 1, size: sizeOf(plan, w), etaMs: expect.any(Number) });
      const samples = own.slice(1, -1);
      expect(samples.length).toBeGreaterThanOrEqual(kept);
      for (const e of samples) expect(e).toMatchObject({ type: "sample", index, samples: plan.samples });
      expect(own.at(-1)).toMatchObject({ type: "scenario-end", index, total, status: "ok", n: kept });
    });
    expect(scenarioEvents.map((e) => e.index)).toEqual([...scenarioEvents.map((e) => e.index)].sort((a, b) => a - b));
  });

  test("the result document validates against the schema after a JSON round trip", async () => {
    const plan = makePlan({ preset: "smoke", workloads: ["noop", "n-body"], strategies: ["sequential"], samples: 2, warmup: 0, experiments: [] });
    const result = await runPlan(plan, fakeAdapter());
    expect(parseResult(JSON.parse(JSON.stringify(result)), "run-plan")).toEqual(result);
  });

  test("a workload whose verify fails gives status failed with a VerificationError", async () => {
    // spectral-norm has no published answer for N=7, so its output can never verify.
    const plan = makePlan({
      preset: "smoke",
      workloads: ["spectral-norm", "noop"],
      strategies: ["sequential"],
      sizes: { "spectral-norm": 7 },
      experiments: [],
    });
    const events: ProgressEvent[] = [];
    const result = await runPlan(plan, fakeAdapter(), { onProgress: (e) => events.push(e) });
    const [bad, good] = result.scenarios;

    expect(bad!.workload).toBe("spectral-norm");
    expect(bad!.size).toBe(7);
    expect(bad!.status).toBe("failed");
    expect(bad!.error?.name).toBe("VerificationError");
    expect(bad!.error?.message).toContain("spectral-norm");
    expect(bad!.error?.message).toContain("(no known answer)");
    expect(bad!.verification).toMatchObject({ ok: false, expected: "(no known answer)" });
    // A wrong answer is never a data point.
    expect(bad!.samplesMs).toEqual([]);
    expect(bad!.summary).toBeUndefined();
    expect(bad!.scaling).toBeUndefined();

    // One failure does not stop the rest of the plan.
    expect(good!.workload).toBe("noop");
    expect(good!.status).toBe("ok");

    expect(events.find((e) => e.type === "scenario-end" && e.index === 0)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("does not match"),
    });
    expect(events.some((e) => e.type === "sample" && e.index === 0)).toBe(false);

    // A failed scenario is still a valid result document.
    expect(() => parseResult(JSON.parse(JSON.stringify(result)))).not.toThrow();
  });

  test("with no warm-up the failure comes on the first timed sample and still fails the scenario", async () => {
    const plan = makePlan({ preset: "smoke", workloads: ["n-body"], strategies: ["sequential"], sizes: { "n-body": 7 }, warmup: 0, experiments: [] });
    const result = await runPlan(plan, fakeAdapter());
    expect(result.scenarios[0]).toMatchObject({ status: "failed", error: { name: "VerificationError" }, samplesMs: [] });
  });
});

describe("samples that keep falling are warm-up", () => {
  /** A clock whose every reading moves on by less than the one before: each run seems faster than the last. */
  const speedingUp = () => {
    let t = 0;
    let readings = 0;
    return () => (t += 1 / (1 + readings++ / 50));
  };

  test("a row whose samples never stop falling has its first half taken as warm-up twice, then is marked warming", async () => {
    const plan = makePlan({ preset: "smoke", workloads: ["n-body"], strategies: ["sequential"], experiments: [] });
    const events: ProgressEvent[] = [];
    const [row] = (await runPlan(plan, fakeAdapter(speedingUp()), { onProgress: (e) => events.push(e) })).scenarios;
    expect(row!.warming).toMatch(/still falling/);
    // Each drop took half the samples as warm-up and a floor of new ones after them: samples were taken and dropped.
    const taken = events.filter((e) => e.type === "sample").length;
    expect(row!.samplesMs.length).toBeGreaterThanOrEqual(2 * plan.samples);
    expect(taken).toBeGreaterThan(row!.samplesMs.length);
    // Progress counts every sample taken, the dropped ones included: 1, 2, 3, … with no step back after a drop.
    const numbers = events.flatMap((e) => (e.type === "sample" ? [e.sample] : []));
    expect(numbers).toEqual(Array.from({ length: taken }, (_, i) => i + 1));
    const batch = row!.runsPerSample ?? 1;
    const steady = (await runPlan(plan, fakeAdapter(((t) => () => (t += 1))(0)))).scenarios[0]!;
    expect(steady.warming).toBeUndefined();
    expect(row!.warmupRuns!).toBeGreaterThanOrEqual(steady.warmupRuns! + (taken - row!.samplesMs.length) * batch);
  });
});

describe("runPlan, concurrency on one thread (interleaved)", () => {
  test("both yield mechanisms run every workload inline, verified, cut into slices", async () => {
    const plan = makePlan({ preset: "smoke", strategies: ["sequential", "interleaved"], experiments: [], workloads: ["mandelbrot", "spectral-norm", "noop"] });
    const adapter = fakeAdapter();
    const result = await runPlan(plan, adapter);
    expect(adapter.workersStarted).toBe(0);
    const rows = result.scenarios.map((s) => `${s.workload}/${s.strategy}/${s.variant ?? "-"}`);
    // CPU work yields through a MessageChannel; noop compares the two mechanisms.
    expect(rows).toEqual([
      "mandelbrot/sequential/-",
      "mandelbrot/interleaved/messageChannel",
      "spectral-norm/sequential/-",
      "spectral-norm/interleaved/messageChannel",
      "noop/sequential/-",
      "noop/interleaved/setTimeout",
      "noop/interleaved/messageChannel",
    ]);
    for (const s of result.scenarios.filter((x) => x.strategy === "interleaved")) {
      expect(s.status, s.error?.message).toBe("ok");
      expect(s.verification?.ok).toBe(true);
      // noop yields after every slice (it measures the switch alone); CPU work yields once per 10 ms quantum, and smoke sizes are shorter.
      if (s.workload === "noop") expect(s.switches).toBeGreaterThan(1);
      else expect(s.switches).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("runPlan takes a workload's rows in turns, paired with its baseline", () => {
  test("every row's sample has the baseline's from the same round; the speed-up is the median of those pairs, with its interval", async () => {
    const plan = makePlan({ preset: "smoke", strategies: ["sequential", "interleaved"], experiments: [], workloads: ["mandelbrot"], samples: 6 });
    const events: ProgressEvent[] = [];
    const result = await runPlan(plan, fakeAdapter(), { onProgress: (e) => events.push(e) });
    const [base, row] = result.scenarios;
    expect(base!.pairedBaselineMs).toBeUndefined();
    expect(row!.pairedBaselineMs).toHaveLength(row!.samplesMs.length);
    // The baseline ran in every round its row did: the row's pairs are the baseline's samples of those rounds, in order
    // (among all it took: on a loaded machine its own first half may have been dropped as warm-up since).
    const taken = events.flatMap((e) => (e.type === "sample" && e.index === 0 ? [e.ms] : []));
    const at = taken.indexOf(row!.pairedBaselineMs![0]!);
    expect(taken.slice(at, at + row!.samplesMs.length)).toEqual(row!.pairedBaselineMs);
    const ratio = pairedRatio(row!.pairedBaselineMs!, row!.samplesMs)!;
    expect(row!.scaling).toMatchObject({ speedup: { value: ratio.value, low: ratio.low, high: ratio.high }, pairs: row!.samplesMs.length });
    expect(row!.scaling!.efficiency).toBe(ratio.value);
    // Samples came in turns: the two rows' sample events interleave, rather than one row's all before the other's.
    const order = events.flatMap((e) => (e.type === "sample" ? [e.index] : []));
    const firstOfSecond = order.indexOf(1);
    expect(firstOfSecond).toBeGreaterThan(-1);
    expect(order.lastIndexOf(0)).toBeGreaterThan(firstOfSecond);
    expect(() => parseResult(JSON.parse(JSON.stringify(result)))).not.toThrow();
  });
});

describe("runPlan, strategies a runtime cannot run", () => {
  test("processes without startProcess are skipped with a reason, not failed", async () => {
    const plan = makePlan({ preset: "smoke", strategies: ["processes"], experiments: [], workloads: ["noop"], threads: [1] });
    const result = await runPlan(plan, fakeAdapter());
    expect(result.scenarios).toHaveLength(1);
    expect(result.scenarios[0]).toMatchObject({ status: "skipped", strategy: "processes" });
    expect(result.scenarios[0]!.reason).toMatch(/not applicable/);
  });

  test("shared(n) rows exist only for workloads with a shared-memory version", async () => {
    const plan = makePlan({ preset: "smoke", strategies: ["shared"], experiments: [], workloads: ["n-body", "noop"], threads: [2] });
    const result = await runPlan(plan, fakeAdapter());
    expect(result.scenarios).toEqual([]);
  });
});

describe("the asynchronous-processing experiment (timers and CPU, no I/O adapter)", () => {
  test("K waits overlap when awaited together; the CPU control runs too; missing I/O is recorded as skipped", async () => {
    const plan = makePlan({ preset: "smoke", strategies: ["sequential"], workloads: ["noop"], experiments: ["async"] });
    const result = await runPlan(plan, fakeAdapter());
    const a = result.experiments!.async!;
    const median = (source: string, mode: string) => a.runs.find((r) => r.source === source && r.mode === mode)!.summary.median;
    // K timers of delayMs each: one by one takes at least K × delay; all at once about one delay.
    expect(median("timer", "sequential")).toBeGreaterThanOrEqual(a.k * a.delayMs * 0.9);
    expect(median("timer", "all")).toBeLessThan(median("timer", "sequential") / 3);
    // Limited to 4 of 8, two waves: a quarter of sequential when idle. Beside the other runtimes' suites its timers came late
    // (24 ms against 43 ms); without any overlap it would take as long as sequential.
    expect(median("timer", "limited")).toBeLessThan(median("timer", "sequential") * 0.75);
    // The CPU control runs in every mode; that it gains nothing is a measurement for the report, not a timed assertion.
    expect(a.runs.filter((r) => r.source === "cpu").map((r) => r.mode)).toEqual(["sequential", "all", "limited"]);
    expect(result.experiments!.skipped).toMatchObject({ "async/http": expect.any(String), "async/file": expect.any(String) });
    expect(parseResult(JSON.parse(JSON.stringify(result))).experiments?.async?.runs.length).toBe(a.runs.length);
  });
});

describe("warm-up until timings settle", () => {
  const warm = (minimum: number, times: number[], limits?: { runs: number; extraMs: number; minMs?: number }) => {
    const s = settling(minimum, limits);
    let runs = 0;
    while (runs < minimum || s.more()) s.add(times[Math.min(runs++, times.length - 1)]!);
    return runs;
  };
  test("stops once a run is no longer a new best by 3%, never below the minimum or two runs", () => {
    expect(warm(2, [100, 99, 98])).toBe(2);
    expect(warm(2, [66, 53, 39, 34, 27, 27.5, 27.4])).toBe(6);
    expect(warm(3, [10, 10, 10])).toBe(3);
    expect(warm(5, [10, 10, 10])).toBe(5);
  });
  test("short runs are judged two at a time: a slow run between fast ones does not end the warm-up", () => {
    // A fresh worker's noop runs (ms): the 5.7 hiccup used to stop the warm-up at the fourth run.
    const noop = [4.5, 2.4, 1.1, 5.7, 0.9, 0.8, 0.8, 0.8, 0.8];
    expect(warm(1, noop)).toBe(4);
    expect(warm(1, noop, { runs: 30, extraMs: 1e9, minMs: 5 })).toBe(8);
  });
  test("short runs warm up for a floor of time, whatever the time cap, within the run cap", () => {
    // A plateau, then the next tier: the time floor carries the warm-up past the plateau.
    const plateau = [7, 2.6, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 2.3, 0.45, 0.45, 0.45, 0.45];
    expect(warm(1, plateau)).toBe(4);
    expect(warm(1, plateau, { runs: 30, extraMs: 1e9, minMs: 33 })).toBe(15);
    // A row left no time (quick's later rows) still warms for the floor, then stops.
    expect(warm(1, plateau, { runs: 30, extraMs: 0, minMs: 33 })).toBe(13);
    expect(warm(1, plateau, { runs: 8, extraMs: 0, minMs: 33 })).toBe(8);
  });
  test("a minimum of 1 still compares runs; 0 means none", () => {
    expect(warm(1, [50, 49])).toBe(2);
    expect(warm(0, [50, 10])).toBe(0);
  });
  test("is capped by runs and by time beyond the minimum", () => {
    const ever = Array.from({ length: 100 }, (_, i) => 1000 * 0.9 ** i);
    expect(warm(2, ever, { runs: 30, extraMs: 1e9 })).toBe(30);
    expect(warm(2, ever, { runs: 30, extraMs: 2000 })).toBeLessThan(6);
  });
});

describe("the scenario grid", () => {
  const rows = (threads: number[], cores: number) =>
    steps(makePlan({ preset: "smoke", workloads: ["mandelbrot"], threads, experiments: [] }), cores).map(
      (s) => `${s.strategy}(${s.variant ?? s.threads})${s.traced ? "*" : ""}`,
    );

  test("workers and shared sweep every count; processes run once, at the widest count within the cores; the drawn rows are traced", () => {
    expect(rows([1, 2, 4], 2)).toEqual([
      "sequential(1)*",
      "workers(1)",
      "workers(2)",
      "workers(4)*",
      "interleaved(messageChannel)*",
      "shared(1)",
      "shared(2)",
      "shared(4)*",
      "processes(2)*",
    ]);
  });

  test("an empty thread list is resolved by runPlan to the runtime's own sweep, recorded in the result", async () => {
    const plan = makePlan({ preset: "smoke", workloads: ["noop"], strategies: ["sequential"], experiments: [] });
    expect(plan.threads).toEqual([]);
    const result = await runPlan(plan, fakeAdapter());
    expect(result.plan.threads).toEqual([1, 2]);
    const wide = await runPlan({ ...plan, preset: "default", budgetMs: 0 }, fakeAdapter());
    expect(wide.plan.threads).toEqual([1, 2, 4]);
  });
});

describe("interleaved yields once per quantum of work", () => {
  test("a fake clock: slices of 3 ms yield every fourth slice with a 10 ms quantum, every slice with 0", async () => {
    const { interleavedExecutor } = await import("../src/bench-kit/executors.ts");
    const { noop } = await import("../src/workloads/noop.ts");
    let clock = 0;
    const work = { ...noop, kernels: { echo: (x: number) => ((clock += 3), x) } };
    let yields = 0;
    const yieldNow = async () => void yields++;
    const sliced = interleavedExecutor(work, yieldNow, { slices: 16, quantumMs: 10, now: () => clock });
    expect(await sliced.map("echo", Array.from({ length: 16 }, (_, i) => i))).toEqual(Array.from({ length: 16 }, (_, i) => i));
    // 48 ms of work: a yield after 12, 24, 36 and 48 ms.
    expect(sliced.switches).toBe(4);
    expect(yields).toBe(4);
    const every = interleavedExecutor(work, yieldNow, { slices: 16, quantumMs: 0, now: () => clock });
    await every.map("echo", Array.from({ length: 32 }, (_, i) => i));
    expect(every.switches).toBe(16);
  });
});
