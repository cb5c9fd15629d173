import { VerificationError } from "../errors.ts";
import { STRATEGIES, gridBudgetMs, resolvePlan, sizeOf, type Plan, type StrategyName } from "../plan.ts";
import { Pool, type TaskRecord } from "../pool/pool.ts";
import { RESULT_SCHEMA, type Result, type Scenario } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { relativeHalfWidth, scaling, summarize, type Summary } from "../stats.ts";
import { getWorkload } from "../workloads/catalogue.ts";
import type { Executor, Workload } from "../workloads/types.ts";
import { experimentsEstimateMs, runExperiments } from "../experiments/run-experiments.ts";
import { inlineExecutor, interleavedExecutor, poolExecutor, yielder, type YieldMechanism } from "./executors.ts";
import { derivedFigures, markSuspects, suspectReason } from "./fairness.ts";
import { LagMonitor } from "./lag-monitor.ts";
import { processAdapter } from "./process-adapter.ts";
import { sampler, settling } from "./sampling.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

export { settling } from "./sampling.ts";

/** What a runner streams while a plan runs (NDJSON on stderr, or page events). */
export type ProgressEvent =
  | {
      type: "scenario-start";
      index: number;
      total: number;
      workload: string;
      strategy: StrategyName;
      variant?: string;
      threads: number;
      size: number;
      /** Estimated time left in this runtime (ms): the rest of the grid and the experiments. */
      etaMs?: number;
    }
  | {
      type: "sample";
      index: number;
      sample: number;
      /** The floor: samples taken whatever the interval says. */
      samples: number;
      ms: number;
      /** The median's CI half-width so far, as a fraction of the median (from the second sample). */
      halfWidth?: number;
    }
  | {
      type: "scenario-end";
      index: number;
      total: number;
      status: Scenario["status"];
      medianMs?: number;
      n?: number;
      noisy?: boolean;
      suspect?: string;
      error?: string;
    }
  | { type: "experiment"; name: string; status: "start" | "ok" | "failed"; error?: string; etaMs?: number };

export interface RunOptions {
  onProgress?: (event: ProgressEvent) => void;
}

interface Step {
  workload: Workload<any>;
  strategy: StrategyName;
  variant?: YieldMechanism;
  threads: number;
  size: number;
  /** Keep one run's timeline: only for the rows the report draws. */
  traced: boolean;
}

/** Slices per map for `interleaved`, and the work between yields for CPU workloads (noop yields after every slice: it measures the switch alone). */
const SLICES = 16;
const QUANTUM_MS = 10;
const YIELDS: readonly YieldMechanism[] = ["setTimeout", "messageChannel"];

/**
 * The scenario grid. `processes(n)` runs at one count, the widest that
 * does not oversubscribe the cores: it is there to set a process's cost
 * beside a thread's at the same n, and a sweep of process starts would
 * cost a big machine minutes. CPU workloads interleave through a
 * MessageChannel only; the two yield mechanisms are compared on `noop`,
 * where the switch is all there is to time (on real work setTimeout's
 * clamp only added the same known cost to every row, and a scenario each).
 */
export function steps(plan: Plan, cores: number): Step[] {
  const out: Step[] = [];
  const fitting = plan.threads.filter((t) => t <= cores);
  const processCount = fitting.at(-1) ?? plan.threads[0]!;
  const widest = plan.threads.at(-1)!;
  for (const name of plan.workloads) {
    const workload = getWorkload(name);
    const size = sizeOf(plan, name);
    // Sequential first: it is the baseline every other ratio is taken against.
    for (const strategy of STRATEGIES.filter((s) => plan.strategies.includes(s))) {
      if (strategy === "sequential") out.push({ workload, strategy, threads: 1, size, traced: true });
      else if (strategy === "interleaved") {
        const yields = workload.kind === "cpu" ? (["messageChannel"] as const) : YIELDS;
        for (const variant of yields) out.push({ workload, strategy, variant, threads: 1, size, traced: variant === "messageChannel" });
      } else if (strategy === "processes") out.push({ workload, strategy, threads: processCount, size, traced: true });
      // Only workloads with a shared-memory version have a shared(n) row.
      else if (strategy !== "shared" || workload.shared) {
        for (const threads of plan.threads) out.push({ workload, strategy, threads, size, traced: threads === widest });
      }
    }
  }
  return out;
}

/** Runs every scenario of `plan` through `adapter`, then its experiments, and returns the result document. */
export async function runPlan(request: Plan, adapter: RuntimeAdapter, options: RunOptions = {}): Promise<Result> {
  const emit = options.onProgress ?? (() => {});
  const startedAt = new Date().toISOString();
  const cores = adapter.cpuCount();
  const plan = resolvePlan(request, cores);
  const all = steps(plan, cores);
  const grid = gridBudgetMs(plan);
  const experimentsMs = experimentsEstimateMs(plan);
  const t0 = adapter.now();
  const scenarios: Scenario[] = [];
  const baselines = new Map<string, Summary>();
  for (const [index, step] of all.entries()) {
    const spent = adapter.now() - t0;
    const left = all.length - index;
    // What is left of the grid's budget, shared out evenly: a scenario that stops early leaves its time to the rest.
    const budgetMs = Math.max(0, grid - spent) / left;
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
      if (step.strategy === "sequential") baselines.set(step.workload.name, scenario.summary);
      const base = baselines.get(step.workload.name);
      const ratios = base && scaling(base, scenario.summary, step.threads);
      if (ratios) {
        const facts = { kind: step.workload.kind, strategy: step.strategy, threads: step.threads, ...(step.variant ? { variant: step.variant } : {}), speedup: ratios.speedup.value };
        const suspect = suspectReason(facts, cores);
        if (suspect) scenario.suspect = suspect;
        if (!derivedFigures(facts, cores).karpFlatt) delete ratios.karpFlatt;
        scenario.scaling = ratios;
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
  };
}

/** Runs split into more calls than this (noop) keep no timeline: too big to file, too dense to draw. */
const MAX_TIMELINE = 2000;

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Why `step` cannot run in this runtime, if it cannot. */
function notApplicable({ strategy }: Step, adapter: RuntimeAdapter): string | undefined {
  if (strategy === "processes" && !adapter.startProcess) return "not applicable: this runtime cannot start child processes";
  if (strategy === "shared" && typeof SharedArrayBuffer === "undefined") {
    return "not applicable: SharedArrayBuffer is unavailable here (a browser page must be cross-origin isolated)";
  }
  return undefined;
}

async function runScenario(
  step: Step,
  plan: Plan,
  adapter: RuntimeAdapter,
  budgetMs: number,
  onSample: (sample: number, ms: number, halfWidth: number | undefined) => void,
): Promise<Scenario> {
  const { workload, strategy, variant, threads, size } = step;
  const startedAt = adapter.now();
  const scenario: Scenario = {
    workload: workload.name,
    strategy,
    ...(variant ? { variant } : {}),
    threads,
    size,
    status: "ok",
    samplesMs: [],
  };
  const reason = notApplicable(step, adapter);
  if (reason) return { ...scenario, status: "skipped", reason };

  let pool: Pool<BenchWorkerApi> | undefined;
  let closeYielder = () => {};
  // One run's timeline, recorded during warm-up so tracing never touches a timed sample.
  let timeline: TaskRecord[] | undefined;
  let sampleStart = 0;
  const record = (r: TaskRecord) => {
    if (timeline && timeline.length < MAX_TIMELINE) timeline.push({ ...r, start: r.start - sampleStart, end: r.end - sampleStart });
  };
  const lag = new LagMonitor(() => adapter.now());
  const memory = new PeakMemory(adapter);
  try {
    let run: (exec: "plain" | "traced") => Promise<unknown>;
    if (strategy === "sequential") {
      const plain = inlineExecutor(workload);
      const traced = inlineExecutor(workload, { now: () => adapter.now(), onTask: record });
      run = (kind) => workload.run(size, kind === "plain" ? plain : traced);
    } else if (strategy === "interleaved") {
      const y = yielder(variant!);
      closeYielder = y.close;
      const quantumMs = workload.kind === "cpu" ? QUANTUM_MS : 0;
      const exec = interleavedExecutor(workload, y.yieldNow, { slices: SLICES, quantumMs, now: () => adapter.now() });
      const trace = { now: () => adapter.now(), onTask: record };
      run = async (kind) => {
        exec.switches = 0;
        exec.trace = kind === "traced" ? trace : undefined;
        const out = await workload.run(size, exec);
        scenario.switches = exec.switches;
        return out;
      };
    } else {
      const t0 = adapter.now();
      const source = strategy === "processes" ? processAdapter(adapter) : adapter;
      pool = new Pool<BenchWorkerApi>(source, adapter.benchWorkerUrl, {
        size: threads,
        timeout: plan.taskTimeoutMs,
        name: `threadlab-${workload.name}`,
        onTask: record,
      });
      await pool.ready();
      scenario.startupMs = adapter.now() - t0;
      const api = pool.api;
      const exec: Executor = poolExecutor(pool, workload);
      run = strategy === "shared" ? () => workload.shared!(size, { threads, api }) : () => workload.run(size, exec);
    }
    const once = async (kind: "plain" | "traced") => {
      sampleStart = adapter.now();
      const output = await run(kind);
      const ms = adapter.now() - sampleStart;
      // Checked on every run, outside the timed region: a wrong answer is a failure, never a data point.
      const verification = workload.verify(size, output);
      scenario.verification = verification;
      if (!verification.ok) throw new VerificationError(workload.name, verification.expected, verification.actual);
      memory.sample();
      await macrotask();
      return ms;
    };
    // Warm-up may take at most a quarter of the scenario's budget beyond its minimum.
    const settle = settling(plan.warmup, { runs: 30, extraMs: Math.min(3_000, budgetMs / 4) });
    let warmupRuns = 0;
    for (; warmupRuns < plan.warmup || settle.more(); warmupRuns++) {
      // The second run (the first is the coldest) is traced for the timeline; tracing costs microseconds a call.
      const traced = step.traced && warmupRuns === 1 && workload.kind === "cpu";
      if (traced) timeline = [];
      settle.add(await once(traced ? "traced" : "plain"));
      if (traced && timeline!.length > 0 && timeline!.length < MAX_TIMELINE) scenario.timeline = timeline;
      timeline = undefined;
    }
    scenario.warmupRuns = warmupRuns;
    const sampling = sampler({ floor: plan.samples, precision: plan.precision, budgetMs });
    lag.start();
    while (sampling.more(adapter.now() - startedAt)) {
      const ms = await once("plain");
      sampling.add(ms);
      const n = sampling.samples.length;
      onSample(n, ms, n > 1 ? relativeHalfWidth(summarize(sampling.samples)) : undefined);
    }
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
    closeYielder();
    await pool?.close();
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
