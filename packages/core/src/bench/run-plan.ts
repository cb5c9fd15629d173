import { VerificationError } from "../errors.ts";
import { gridBudgetMs, resolvePlan, type Plan } from "../plan.ts";
import type { TaskRecord } from "../pool/pool.ts";
import { RESULT_SCHEMA, type MachineCheck, type Result, type Scenario } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { relativeHalfWidth, scaling, summarize, type Summary } from "../stats.ts";
import { experimentsEstimateMs, runExperiments } from "../experiments/run-experiments.ts";
import { derivedFigures, markSuspects, rowFacts, suspectReason } from "./fairness.ts";
import { yielder } from "./executors.ts";
import { LagMonitor } from "./lag-monitor.ts";
import { CHECKS_AT, machineCheck, markBusy, parallelRow } from "./machine-check.ts";
import { byPreset } from "../workloads/types.ts";
import type { ProgressEvent } from "./runner-protocol.ts";
import { halfMedians, runsPerSample, sampler, settling, stillWarming } from "./sampling.ts";
import { expandSteps, strategyOf, type Execution, type Step } from "../strategies/index.ts";

export interface RunOptions {
  onProgress?: (event: ProgressEvent) => void;
}


/** Runs every scenario of `plan` through `adapter`, then its experiments, and returns the result document. */
export async function runPlan(request: Plan, adapter: RuntimeAdapter, options: RunOptions = {}): Promise<Result> {
  const emit = options.onProgress ?? (() => {});
  const startedAt = new Date().toISOString();
  const cores = adapter.cpuCount();
  const plan = resolvePlan(request, cores);
  const all = expandSteps(plan, cores);
  const grid = gridBudgetMs(plan);
  const experimentsMs = experimentsEstimateMs(plan);
  // Parallel rows are only as fast as the cores the machine gives them then: checked before the first and after the last
  // (after the last only, in smoke and quick: CHECKS_AT).
  const checks: MachineCheck[] = [];
  const checkErrors: string[] = [];
  const checkAt = byPreset(plan.preset, CHECKS_AT);
  let checkMs: number | undefined;
  const check = async (at: MachineCheck["at"]) => {
    const started = adapter.now();
    try {
      const c = await machineCheck(adapter, at, plan.workloads);
      if (c) checks.push(c);
      checkMs = adapter.now() - started;
    } catch (error) {
      // Recorded, not fatal: the rows measure themselves; a check that failed at the start is not tried again.
      checkErrors.push(`${at}: ${error instanceof Error ? error.message : String(error)}`);
      checkMs = 0;
    }
  };
  const t0 = adapter.now();
  const scenarios: Scenario[] = [];
  const baselines = new Map<string, Summary>();
  for (const [index, step] of all.entries()) {
    // Not at the very start: a runner's own start-up (a browser page loading, modules compiling) kept a core busy for
    // a while, and two threads got 0.94-1.19x there against 1.83-2.0x at the end of the same rows in Chromium.
    if (checkAt.includes("start") && checkMs === undefined && parallelRow(step)) await check("start");
    const spent = adapter.now() - t0;
    const left = all.length - index;
    // What is left of the grid's budget, shared out evenly: a scenario that stops early leaves its time to the rest;
    // after a start check the end check comes out of it too, at about what the start check cost.
    const budgetMs = Math.max(0, grid - (checkMs ?? 0) - spent) / left;
    // Past the budget (floors cost more than it allowed) the pace so far is the better guess.
    const etaMs = Math.max(grid - spent, index > 0 ? (spent / index) * left : 0) + experimentsMs;
    emit({
      type: "scenario-start",
      index,
      total: all.length,
      workload: step.workload.name,
      strategy: step.strategy,
      ...(step.variant ? { variant: step.variant } : {}),
      threads: step.threads,
      size: step.size,
      etaMs: Math.round(etaMs),
    });
    const scenario = await runScenario(step, plan, adapter, budgetMs, (sample, ms, halfWidth) =>
      emit({ type: "sample", index, sample, samples: plan.samples, ms, ...(halfWidth !== undefined ? { halfWidth } : {}) }),
    );
    if (scenario.summary) {
      if (strategyOf(step.strategy).baseline) baselines.set(step.workload.name, scenario.summary);
      const base = baselines.get(step.workload.name);
      const ratios = base && scaling(base, scenario.summary, step.threads);
      if (ratios) {
        scenario.scaling = ratios;
        const facts = rowFacts(scenario);
        const suspect = suspectReason(facts, cores);
        if (suspect) scenario.suspect = suspect;
        if (!derivedFigures(facts, cores).karpFlatt) delete ratios.karpFlatt;
      }
    }
    scenarios.push(scenario);
    emit({
      type: "scenario-end",
      index,
      total: all.length,
      status: scenario.status,
      ...(scenario.summary ? { medianMs: scenario.summary.median, n: scenario.summary.n } : {}),
      ...(scenario.noisy ? { noisy: true } : {}),
      ...(scenario.suspect ? { suspect: scenario.suspect } : {}),
      ...(scenario.error ? { error: scenario.error.message } : scenario.reason ? { error: scenario.reason } : {}),
    });
  }
  // Not after a start check that failed (it would fail again), nor where no row ran in parallel.
  if (checkAt.includes("end") && scenarios.some((s) => s.summary && parallelRow(s)) && checkErrors.length === 0) await check("end");
  markBusy(scenarios, checks, cores);
  // A workload whose one-thread rows all beat its baseline has no trustworthy ratio at all.
  markSuspects(scenarios, cores);
  const experiments = plan.experiments.length > 0 ? await runExperiments(plan, adapter, emit) : undefined;
  return {
    schema: RESULT_SCHEMA,
    runtime: adapter.runtime(),
    machine: adapter.machine(),
    startedAt,
    finishedAt: new Date().toISOString(),
    plan,
    scenarios,
    ...(experiments ? { experiments } : {}),
    ...(checks.length ? { machineChecks: checks } : {}),
    ...(checkErrors.length ? { machineCheckErrors: checkErrors } : {}),
  };
}

/** Runs split into more calls than this (noop) keep no timeline: too big to file, too dense to draw. */
const MAX_TIMELINE = 2000;

/** Times a scenario's samples may be found still falling, and their first half taken as warm-up, before the row is marked. */
const MAX_WARMING_DROPS = 2;

async function runScenario(
  step: Step,
  plan: Plan,
  adapter: RuntimeAdapter,
  budgetMs: number,
  onSample: (sample: number, ms: number, halfWidth: number | undefined) => void,
): Promise<Scenario> {
  const { workload, variant, threads, size } = step;
  const startedAt = adapter.now();
  const scenario: Scenario = {
    workload: workload.name,
    strategy: step.strategy,
    ...(variant ? { variant } : {}),
    threads,
    size,
    status: "ok",
    samplesMs: [],
  };
  const strategy = strategyOf(step.strategy);
  const reason = strategy.notApplicable(adapter);
  if (reason) return { ...scenario, status: "skipped", reason };

  let execution: Execution | undefined;
  // One run's timeline, recorded during warm-up so tracing never touches a timed sample.
  let timeline: TaskRecord[] | undefined;
  let sampleStart = 0;
  const record = (r: TaskRecord) => {
    if (timeline && timeline.length < MAX_TIMELINE) timeline.push({ ...r, start: r.start - sampleStart, end: r.end - sampleStart });
  };
  const lag = new LagMonitor(() => adapter.now());
  // Not setTimeout(0): Node clamps it to 1 ms and a page to 4 ms once nested, idle time between samples in which a
  // pool's workers stopped polling and went to sleep, so that every sample began by waking them.
  const turn = yielder("messageChannel");
  const memory = new PeakMemory(adapter);
  try {
    execution = await strategy.prepare(step, { plan, adapter, record, scenario });
    const { run } = execution;
    const timed = async (kind: "plain" | "traced") => {
      sampleStart = adapter.now();
      const output = await run(kind);
      const ms = adapter.now() - sampleStart;
      // Checked on every run, outside the timed region: a wrong answer is a failure, never a data point.
      const verification = workload.verify(size, output);
      scenario.verification = verification;
      if (!verification.ok) throw new VerificationError(workload.name, verification.expected, verification.actual);
      return ms;
    };
    /** One sample: the mean of `runs` back-to-back runs, then a macrotask so timers and I/O are served between samples. */
    const once = async (kind: "plain" | "traced", runs = 1) => {
      let ms = 0;
      for (let i = 0; i < runs; i++) ms += await timed(kind);
      memory.sample();
      await turn.yieldNow();
      return ms / runs;
    };
    // Warm-up lasts five samples' worth at least, and may take at most a quarter of the scenario's budget beyond its minimum.
    const settle = settling(plan.warmup, { runs: 30, extraMs: Math.min(3_000, budgetMs / 4), minMs: 5 * (plan.minSampleMs ?? 0) });
    let warmupRuns = 0;
    for (; warmupRuns < plan.warmup || settle.more(); warmupRuns++) {
      // The second run (the first is the coldest) is traced for the timeline; tracing costs microseconds a call.
      const traced = step.traced && warmupRuns === 1 && workload.kind === "cpu";
      if (traced) timeline = [];
      settle.add(await once(traced ? "traced" : "plain"));
      if (traced && timeline!.length > 0 && timeline!.length < MAX_TIMELINE) scenario.timeline = timeline;
      timeline = undefined;
    }
    const batch = runsPerSample(settle.best(), plan.minSampleMs ?? 0);
    if (batch > 1) scenario.runsPerSample = batch;
    const rule = { floor: plan.samples, precision: plan.precision, budgetMs, runsPerSample: batch };
    let sampling = sampler(rule);
    lag.start();
    // Progress counts every sample taken: after a warming drop the kept ones start again from half, and the count stepped back.
    let taken = 0;
    for (let dropped = 0; ; dropped++) {
      while (sampling.more(adapter.now() - startedAt)) {
        const ms = await once("plain", batch);
        sampling.add(ms);
        const n = sampling.samples.length;
        onSample(++taken, ms, n > 1 ? relativeHalfWidth(summarize(sampling.samples)) : undefined);
      }
      if (!stillWarming(sampling.samples, plan.precision)) break;
      const samples = sampling.samples;
      if (dropped === MAX_WARMING_DROPS) {
        const [first, second] = halfMedians(samples).map((m) => Number(m.toPrecision(3)));
        scenario.warming = `its samples were still falling when sampling ended (the first half's median ${first} ms, the second's ${second} ms)`;
        break;
      }
      // The first half was warm-up after all: it counts as such, and a floor's worth of new samples follows, whatever
      // the budget says, so the next look is not at the same samples again.
      const half = samples.length >> 1;
      warmupRuns += half * batch;
      sampling = sampler({ ...rule, floor: samples.length - half + rule.floor }, samples.slice(half));
    }
    scenario.warmupRuns = warmupRuns;
    scenario.eventLoopLagMs = lag.stop();
    const verdict = sampling.result();
    scenario.samplesMs = [...sampling.samples];
    scenario.summary = verdict.summary;
    scenario.stop = verdict.stop;
    if (verdict.noisy) scenario.noisy = true;
    if (verdict.outliers.length) scenario.outliers = verdict.outliers;
    scenario.budgetMs = Math.round(budgetMs);
    const peak = memory.peak();
    if (peak) scenario.memory = peak;
  } catch (error) {
    lag.stop();
    scenario.status = "failed";
    const e = error instanceof Error ? error : new Error(String(error));
    scenario.error = { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  } finally {
    turn.close();
    await execution?.close();
  }
  return scenario;
}

class PeakMemory {
  #rss = 0;
  #heap = 0;
  constructor(private readonly adapter: RuntimeAdapter) {}
  sample(): void {
    const m = this.adapter.memory();
    if (m?.rssBytes !== undefined) this.#rss = Math.max(this.#rss, m.rssBytes);
    if (m?.heapUsedBytes !== undefined) this.#heap = Math.max(this.#heap, m.heapUsedBytes);
  }
  peak(): Scenario["memory"] | undefined {
    if (!this.#rss && !this.#heap) return undefined;
    return { ...(this.#rss ? { peakRssBytes: this.#rss } : {}), ...(this.#heap ? { peakHeapUsedBytes: this.#heap } : {}) };
  }
}
