import { VerificationError } from "../errors.ts";
import { STRATEGIES, sizeOf, type Plan, type StrategyName } from "../plan.ts";
import { Pool, type TaskRecord } from "../pool/pool.ts";
import { RESULT_SCHEMA, type Result, type Scenario } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { scaling, summarize, type Summary } from "../stats.ts";
import { getWorkload } from "../workloads/catalogue.ts";
import type { Executor, Workload } from "../workloads/types.ts";
import { runExperiments } from "../experiments/run-experiments.ts";
import { inlineExecutor, interleavedExecutor, poolExecutor, yielder, type YieldMechanism } from "./executors.ts";
import { LagMonitor } from "./lag-monitor.ts";
import { processAdapter } from "./process-adapter.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

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
    }
  | { type: "sample"; index: number; sample: number; samples: number; ms: number }
  | { type: "scenario-end"; index: number; total: number; status: Scenario["status"]; medianMs?: number; error?: string }
  | { type: "experiment"; name: string; status: "start" | "ok" | "failed"; error?: string };

export interface RunOptions {
  onProgress?: (event: ProgressEvent) => void;
}

interface Step {
  workload: Workload<any>;
  strategy: StrategyName;
  variant?: YieldMechanism;
  threads: number;
  size: number;
}

/** Slices per map for `interleaved`: enough switches to measure their cost, few enough that setTimeout's clamp stays affordable. */
const SLICES = 16;
const YIELDS: readonly YieldMechanism[] = ["setTimeout", "messageChannel"];

function steps(plan: Plan): Step[] {
  const out: Step[] = [];
  for (const name of plan.workloads) {
    const workload = getWorkload(name);
    const size = sizeOf(plan, name);
    // Sequential first: it is the baseline every other ratio is taken against.
    for (const strategy of STRATEGIES.filter((s) => plan.strategies.includes(s))) {
      if (strategy === "sequential") out.push({ workload, strategy, threads: 1, size });
      else if (strategy === "interleaved") for (const variant of YIELDS) out.push({ workload, strategy, variant, threads: 1, size });
      // Only workloads with a shared-memory version have a shared(n) row.
      else if (strategy !== "shared" || workload.shared) for (const threads of plan.threads) out.push({ workload, strategy, threads, size });
    }
  }
  return out;
}

/** Runs every scenario of `plan` through `adapter`, then its experiments, and returns the result document. */
export async function runPlan(plan: Plan, adapter: RuntimeAdapter, options: RunOptions = {}): Promise<Result> {
  const emit = options.onProgress ?? (() => {});
  const startedAt = new Date().toISOString();
  const all = steps(plan);
  const scenarios: Scenario[] = [];
  const baselines = new Map<string, Summary>();
  for (const [index, step] of all.entries()) {
    emit({
      type: "scenario-start",
      index,
      total: all.length,
      workload: step.workload.name,
      strategy: step.strategy,
      ...(step.variant ? { variant: step.variant } : {}),
      threads: step.threads,
      size: step.size,
    });
    const scenario = await runScenario(step, plan, adapter, (sample, ms) =>
      emit({ type: "sample", index, sample, samples: plan.samples, ms }),
    );
    if (scenario.summary) {
      if (step.strategy === "sequential") baselines.set(step.workload.name, scenario.summary);
      const base = baselines.get(step.workload.name);
      const ratios = base && scaling(base, scenario.summary, step.threads);
      if (ratios) scenario.scaling = ratios;
    }
    scenarios.push(scenario);
    emit({
      type: "scenario-end",
      index,
      total: all.length,
      status: scenario.status,
      ...(scenario.summary ? { medianMs: scenario.summary.median } : {}),
      ...(scenario.error ? { error: scenario.error.message } : scenario.reason ? { error: scenario.reason } : {}),
    });
  }
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
  onSample: (sample: number, ms: number) => void,
): Promise<Scenario> {
  const { workload, strategy, variant, threads, size } = step;
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
  // One run's timeline, recorded during the last warm-up so tracing never touches a timed sample.
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
      const exec = interleavedExecutor(workload, y.yieldNow, SLICES);
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
    const settle = settling(plan.warmup);
    for (let i = 0; i < plan.warmup || settle.more(); i++) {
      const ms = await once("plain");
      settle.add(ms);
    }
    if (plan.warmup > 0) {
      // One traced run, untimed, for the timeline.
      timeline = [];
      await once("traced");
      if (timeline.length > 0 && timeline.length < MAX_TIMELINE) scenario.timeline = timeline;
      timeline = undefined;
    }
    lag.start();
    for (let i = 0; i < plan.samples; i++) {
      const ms = await once("plain");
      scenario.samplesMs.push(ms);
      onSample(i + 1, ms);
    }
    scenario.eventLoopLagMs = lag.stop();
    scenario.summary = summarize(scenario.samplesMs);
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

/**
 * Warm-up that lasts until timings settle: after the plan's minimum, another
 * run while the last one was more than 5% faster than the one before (the JIT
 * is still compiling, in this thread or a worker's), up to 30 runs or 3 s
 * beyond the minimum. A fixed count let cold runs into the samples (Deno's
 * pool calls took twice as long in the first samples as in the last).
 */
export function settling(minimum: number, limits = { runs: 30, extraMs: 3_000 }): { add(ms: number): void; more(): boolean } {
  const times: number[] = [];
  let extra = 0;
  return {
    add(ms) {
      if (times.length >= minimum) extra += ms;
      times.push(ms);
    },
    more() {
      if (minimum === 0) return false;
      if (times.length < Math.max(2, minimum)) return true;
      if (times.length >= limits.runs || extra >= limits.extraMs) return false;
      const [before, last] = times.slice(-2) as [number, number];
      return last < before * 0.95;
    },
  };
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
