import { VerificationError } from "../workloads/verification-error.ts";
import type { Plan } from "../schema/plan.ts";
import type { TaskRecord } from "../pool/pool.ts";
import type { Scenario } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { pairedScaling, ratioHalfWidth, relativeHalfWidth, summarize } from "../stats/stats.ts";
import { strategyOf, type Execution, type Step } from "../strategies/index.ts";
import { derivedFigures, rowFacts, suspectReason } from "./fairness.ts";
import { yielder } from "../bench-kit/executors.ts";
import { LagMonitor } from "../bench-kit/lag-monitor.ts";
import { PeakMemory } from "./peak-memory.ts";
import { Rounds } from "./rounds.ts";
import type { ProgressEvent } from "../bench-kit/runner-protocol.ts";
import { runsPerSample, settling } from "./sampling.ts";

/** Runs split into more calls than this (noop) keep no timeline: too big to file, too dense to draw. */
const MAX_TIMELINE = 2000;

export interface WorkloadRun {
  plan: Plan;
  adapter: RuntimeAdapter;
  /** The workload's rows, in grid order; `offset` numbers them within the whole plan for progress. */
  steps: readonly Step[];
  offset: number;
  total: number;
  /** Time for all of these rows (ms): preparation, warm-up and samples. */
  budgetMs: number;
  /** Time left for the rest of the runner (ms) when this workload starts, for progress. */
  etaMs: () => number;
  emit: (event: ProgressEvent) => void;
}

/** One row of a workload, from preparation to its scenario. */
interface Row {
  step: Step;
  index: number;
  scenario: Scenario;
  execution?: Execution;
  batch: number;
  memory: PeakMemory;
  /** When each of its samples ran: the lag monitor's ticks due then are the row's. */
  spans: Array<[number, number]>;
  /** One run's timeline is recorded here during warm-up; see `record`. */
  timeline?: TaskRecord[];
  sampleStart: number;
}

/**
 * Measures one workload's rows. Each is prepared and warmed up in grid
 * order; then they take turns, round after round in random order (`Rounds`),
 * so every speed-up comes from pairs of samples taken side by side with the
 * baseline's, and ends with an interval of its own. Rows start from the same
 * process (the caller runs each workload in a fresh runner), so what one
 * row's warm-up left in the JIT is there for every row's samples alike.
 */
export async function runWorkload(run: WorkloadRun): Promise<Scenario[]> {
  const { plan, adapter, steps, emit } = run;
  const t0 = adapter.now();
  const rows: Row[] = steps.map((step, i) => ({
    step,
    index: run.offset + i,
    scenario: {
      workload: step.workload.name,
      strategy: step.strategy,
      ...(step.variant ? { variant: step.variant } : {}),
      threads: step.threads,
      size: step.size,
      status: "ok",
      samplesMs: [],
    },
    batch: 1,
    memory: new PeakMemory(adapter),
    spans: [],
    sampleStart: 0,
  }));
  const turn = yielder("messageChannel");
  const live: Row[] = [];
  try {
    for (const row of rows) {
      emit({ type: "scenario-start", index: row.index, total: run.total, workload: row.step.workload.name, strategy: row.step.strategy, ...(row.step.variant ? { variant: row.step.variant } : {}), threads: row.step.threads, size: row.step.size, etaMs: Math.round(run.etaMs()) });
      const reason = strategyOf(row.step.strategy).notApplicable(adapter);
      if (reason) {
        row.scenario = { ...row.scenario, status: "skipped", reason };
        end(row, run);
        continue;
      }
      try {
        await prepare(row, run, turn, run.budgetMs / rows.length);
        live.push(row);
      } catch (error) {
        await fail(row, error, run);
      }
    }
    await sample(live, run, turn, t0);
  } finally {
    turn.close();
    await Promise.all(live.map((row) => row.execution?.close()));
  }
  return rows.map((r) => r.scenario);
}

/** One timed run of a row, its answer checked outside the timed region: a wrong answer is a failure, never a data point. */
async function timed(row: Row, adapter: RuntimeAdapter, kind: "plain" | "traced"): Promise<number> {
  row.sampleStart = adapter.now();
  const output = await row.execution!.run(kind);
  const ms = adapter.now() - row.sampleStart;
  const verification = row.step.workload.verify(row.step.size, output);
  row.scenario.verification = verification;
  if (!verification.ok) throw new VerificationError(row.step.workload.name, verification.expected, verification.actual);
  return ms;
}

/** One sample: the mean of the row's batch of back-to-back runs, then a macrotask so timers and I/O are served between samples. */
async function once(row: Row, adapter: RuntimeAdapter, turn: ReturnType<typeof yielder>, kind: "plain" | "traced", runs = 1): Promise<number> {
  let ms = 0;
  for (let i = 0; i < runs; i++) ms += await timed(row, adapter, kind);
  row.memory.sample();
  await turn.yieldNow();
  return ms / runs;
}

/** Starts what the row needs, then warms it up until its timings settle, and sets its batch. */
async function prepare(row: Row, { plan, adapter }: WorkloadRun, turn: ReturnType<typeof yielder>, shareMs: number): Promise<void> {
  const { step, scenario } = row;
  // A traced run's calls, relative to its start; recorded during warm-up so tracing never touches a timed sample.
  const record = (r: TaskRecord) => {
    if (row.timeline && row.timeline.length < MAX_TIMELINE) row.timeline.push({ ...r, start: r.start - row.sampleStart, end: r.end - row.sampleStart });
  };
  row.execution = await strategyOf(step.strategy).prepare(step, { plan, adapter, record, scenario });
  // Warm-up lasts five samples' worth at least, and may take at most a quarter of the row's share beyond its minimum.
  const settle = settling(plan.warmup, { runs: 30, extraMs: Math.min(3_000, shareMs / 4), minMs: 5 * (plan.minSampleMs ?? 0) });
  let runs = 0;
  for (; runs < plan.warmup || settle.more(); runs++) {
    // Every run after the first (the coldest) is traced and the last one kept: the timeline shows a run once timings
    // had settled, not a cold one, and no timed sample is ever traced (tracing costs microseconds a call).
    const traced = step.traced && runs >= 1 && step.workload.kind === "cpu";
    if (traced) row.timeline = [];
    settle.add(await once(row, adapter, turn, traced ? "traced" : "plain"));
    if (traced && row.timeline!.length > 0 && row.timeline!.length < MAX_TIMELINE) scenario.timeline = row.timeline;
    row.timeline = undefined;
  }
  scenario.warmupRuns = runs;
  row.batch = runsPerSample(settle.best(), plan.minSampleMs ?? 0);
  if (row.batch > 1) scenario.runsPerSample = row.batch;
}

/** The rows' samples, in rounds; then each row's figures, speed-up from its pairs, and its end. */
async function sample(rows: Row[], run: WorkloadRun, turn: ReturnType<typeof yielder>, t0: number): Promise<void> {
  const { plan, adapter, emit } = run;
  const rounds = new Rounds(
    rows.map((r) => ({ baseline: strategyOf(r.step.strategy).baseline })),
    { floor: plan.samples, precision: plan.precision, budgetMs: run.budgetMs },
  );
  const lag = new LagMonitor(() => adapter.now());
  const failed = new Set<Row>();
  lag.start();
  try {
    for (let order = rounds.next(adapter.now() - t0); order.length > 0; order = rounds.next(adapter.now() - t0)) {
      for (const i of order) {
        const row = rows[i]!;
        try {
          const start = adapter.now();
          const ms = await once(row, adapter, turn, "plain", row.batch);
          row.spans.push([start, adapter.now()]);
          rounds.add(i, ms);
          const sofar = rounds.result(i);
          emit({ type: "sample", index: row.index, sample: rounds.taken(i), samples: plan.samples, ms, ...(sofar && sofar.samples.length > 1 ? { halfWidth: halfWidth(sofar) } : {}) });
        } catch (error) {
          rounds.fail(i);
          failed.add(row);
          await fail(row, error, run);
        }
      }
    }
  } finally {
    lag.stop();
  }
  const baseline = rows.find((r) => strategyOf(r.step.strategy).baseline && !failed.has(r));
  for (const [i, row] of rows.entries()) {
    if (failed.has(row)) continue;
    const verdict = rounds.result(i);
    if (!verdict) continue;
    const s = row.scenario;
    s.samplesMs = verdict.samples;
    s.summary = verdict.summary;
    s.stop = verdict.stop;
    if (verdict.noisy) s.noisy = true;
    if (verdict.outliers.length) s.outliers = verdict.outliers;
    if (verdict.dropped) s.warmupRuns = (s.warmupRuns ?? 0) + verdict.dropped * row.batch;
    if (verdict.warming) {
      const [first, second] = verdict.warming.map((m) => Number(m.toPrecision(3)));
      s.warming = `its samples were still falling when sampling ended (the first half's median ${first} ms, the second's ${second} ms)`;
    }
    s.eventLoopLagMs = lag.within(row.spans);
    s.budgetMs = Math.round(run.budgetMs / rows.length);
    const peak = row.memory.peak();
    if (peak) s.memory = peak;
    if (row === baseline) s.scaling = { speedup: { value: 1, low: 1, high: 1 }, efficiency: 1 };
    else if (baseline && verdict.pairedBaselineMs) {
      s.pairedBaselineMs = verdict.pairedBaselineMs;
      const ratios = pairedScaling(verdict.pairedBaselineMs, verdict.samples, s.threads);
      if (ratios) {
        s.scaling = ratios;
        const facts = rowFacts(s);
        const cores = adapter.cpuCount();
        const suspect = suspectReason(facts, cores);
        if (suspect) s.suspect = suspect;
        if (!derivedFigures(facts, cores).karpFlatt) delete ratios.karpFlatt;
      }
    }
    end(row, run);
  }
}

/** The width that decides a row so far, for progress: its speed-up's where paired, else its median's. */
function halfWidth(sofar: NonNullable<ReturnType<Rounds["result"]>>): number {
  if (!sofar.pairedBaselineMs) return relativeHalfWidth(summarize(sofar.samples));
  const ratios = pairedScaling(sofar.pairedBaselineMs, sofar.samples, 1);
  return ratios ? ratioHalfWidth(ratios.speedup) : Number.POSITIVE_INFINITY;
}

async function fail(row: Row, error: unknown, run: WorkloadRun): Promise<void> {
  const e = error instanceof Error ? error : new Error(String(error));
  const { verification } = row.scenario;
  row.scenario = { ...row.scenario, status: "failed", samplesMs: [], error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
  if (verification) row.scenario.verification = verification;
  const execution = row.execution;
  row.execution = undefined;
  await execution?.close();
  end(row, run);
}

function end(row: Row, { emit, total }: WorkloadRun): void {
  const s = row.scenario;
  emit({
    type: "scenario-end",
    index: row.index,
    total,
    status: s.status,
    ...(s.summary ? { medianMs: s.summary.median, n: s.summary.n } : {}),
    ...(s.noisy ? { noisy: true } : {}),
    ...(s.suspect ? { suspect: s.suspect } : {}),
    ...(s.error ? { error: s.error.message } : s.reason ? { error: s.reason } : {}),
  });
}
