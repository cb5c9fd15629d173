import { VerificationError } from "../errors.ts";
import { STRATEGIES, sizeOf, type Plan, type StrategyName } from "../plan.ts";
import { Pool, type TaskRecord } from "../pool/pool.ts";
import { RESULT_SCHEMA, type Result, type Scenario } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { scaling, summarize, type Summary } from "../stats.ts";
import { getWorkload } from "../workloads/catalogue.ts";
import type { Executor, Workload } from "../workloads/types.ts";
import { inlineExecutor, poolExecutor } from "./executors.ts";
import { LagMonitor } from "./lag-monitor.ts";
import type { BenchWorkerApi } from "./worker-api.ts";

/** What a runner streams while a plan runs (NDJSON on stderr, or page events). */
export type ProgressEvent =
  | { type: "scenario-start"; index: number; total: number; workload: string; strategy: StrategyName; threads: number; size: number }
  | { type: "sample"; index: number; sample: number; samples: number; ms: number }
  | { type: "scenario-end"; index: number; total: number; status: Scenario["status"]; medianMs?: number; error?: string };

export interface RunOptions {
  onProgress?: (event: ProgressEvent) => void;
}

interface Step {
  workload: Workload<any>;
  strategy: StrategyName;
  threads: number;
  size: number;
}

function steps(plan: Plan): Step[] {
  const out: Step[] = [];
  for (const name of plan.workloads) {
    const workload = getWorkload(name);
    const size = sizeOf(plan, name);
    // Sequential first: it is the baseline every other ratio is taken against.
    for (const strategy of STRATEGIES.filter((s) => plan.strategies.includes(s))) {
      for (const threads of strategy === "sequential" ? [1] : plan.threads) {
        out.push({ workload, strategy, threads, size });
      }
    }
  }
  return out;
}

/** Runs every scenario of `plan` through `adapter` and returns the result document. */
export async function runPlan(plan: Plan, adapter: RuntimeAdapter, options: RunOptions = {}): Promise<Result> {
  const emit = options.onProgress ?? (() => {});
  const startedAt = new Date().toISOString();
  const all = steps(plan);
  const scenarios: Scenario[] = [];
  const baselines = new Map<string, Summary>();
  for (const [index, step] of all.entries()) {
    emit({ type: "scenario-start", index, total: all.length, workload: step.workload.name, strategy: step.strategy, threads: step.threads, size: step.size });
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
      ...(scenario.error ? { error: scenario.error.message } : {}),
    });
  }
  return {
    schema: RESULT_SCHEMA,
    runtime: adapter.runtime(),
    machine: adapter.machine(),
    startedAt,
    finishedAt: new Date().toISOString(),
    plan,
    scenarios,
  };
}

/** Runs split into more calls than this (noop) keep no timeline: too big to file, too dense to draw. */
const MAX_TIMELINE = 2000;

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function runScenario(
  { workload, strategy, threads, size }: Step,
  plan: Plan,
  adapter: RuntimeAdapter,
  onSample: (sample: number, ms: number) => void,
): Promise<Scenario> {
  const scenario: Scenario = { workload: workload.name, strategy, threads, size, status: "ok", samplesMs: [] };
  let pool: Pool<BenchWorkerApi> | undefined;
  // One run's timeline, recorded during the last warm-up so tracing never touches a timed sample.
  let timeline: TaskRecord[] | undefined;
  let sampleStart = 0;
  const record = (r: TaskRecord) => {
    if (timeline && timeline.length < MAX_TIMELINE) timeline.push({ ...r, start: r.start - sampleStart, end: r.end - sampleStart });
  };
  const lag = new LagMonitor(() => adapter.now());
  const memory = new PeakMemory(adapter);
  try {
    let exec: Executor;
    let traced: Executor;
    if (strategy === "sequential") {
      exec = inlineExecutor(workload);
      traced = inlineExecutor(workload, { now: () => adapter.now(), onTask: record });
    } else {
      const t0 = adapter.now();
      pool = new Pool<BenchWorkerApi>(adapter, adapter.benchWorkerUrl, {
        size: threads,
        timeout: plan.taskTimeoutMs,
        name: `threadlab-${workload.name}`,
        onTask: record,
      });
      await pool.ready();
      scenario.startupMs = adapter.now() - t0;
      exec = traced = poolExecutor(pool, workload);
    }
    const once = async (executor: Executor) => {
      sampleStart = adapter.now();
      const output = await workload.run(size, executor);
      const ms = adapter.now() - sampleStart;
      // Checked on every run, outside the timed region: a wrong answer is a failure, never a data point.
      const verification = workload.verify(size, output);
      scenario.verification = verification;
      if (!verification.ok) throw new VerificationError(workload.name, verification.expected, verification.actual);
      memory.sample();
      await macrotask();
      return ms;
    };
    for (let i = 0; i < plan.warmup; i++) {
      const last = i === plan.warmup - 1;
      if (last) timeline = [];
      await once(last ? traced : exec);
      if (last && timeline!.length > 0 && timeline!.length < MAX_TIMELINE) scenario.timeline = timeline!;
      timeline = undefined;
    }
    lag.start();
    for (let i = 0; i < plan.samples; i++) {
      const ms = await once(exec);
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
