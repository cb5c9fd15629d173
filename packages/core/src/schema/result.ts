import * as v from "valibot";
import { PlanSchema, STRATEGIES, describeIssues } from "./plan.ts";
import { RuntimeNameSchema } from "../probe/runtime-names.ts";

export const RESULT_SCHEMA = "threadlab.result/v1";

const num = v.number();
const SummarySchema = v.object({
  n: num,
  median: num,
  mean: num,
  min: num,
  max: num,
  stddev: num,
  mad: num,
  ci: v.object({ low: num, high: num, level: num }),
});

const ScalingSchema = v.object({
  speedup: v.object({ value: num, low: num, high: num }),
  efficiency: num,
  karpFlatt: v.optional(num),
  /** Rounds the speed-up was measured from in pairs (see `pairedRatio`); absent: a ratio of two medians. */
  pairs: v.optional(num),
});

const VerificationSchema = v.object({
  ok: v.boolean(),
  expected: v.string(),
  actual: v.string(),
  source: v.string(),
});

const TaskRecordSchema = v.object({
  workerId: num,
  method: v.string(),
  start: num,
  end: num,
  ok: v.boolean(),
});

export const ScenarioSchema = v.object({
  workload: v.string(),
  strategy: v.picklist(STRATEGIES),
  /** A variation within the strategy, e.g. the yield mechanism of `interleaved`. */
  variant: v.optional(v.string()),
  threads: num,
  size: num,
  status: v.picklist(["ok", "failed", "skipped"]),
  /** Why a scenario was skipped (not applicable in this runtime or to this workload). */
  reason: v.optional(v.string()),
  /** Yields to the event loop in one run (interleaved): the switching cost per switch is derived from it. */
  switches: v.optional(num),
  error: v.optional(v.object({ name: v.string(), message: v.string(), stack: v.optional(v.string()) })),
  verification: v.optional(VerificationSchema),
  samplesMs: v.array(num),
  /**
   * For each of `samplesMs`, the baseline's sample from the same round: the
   * rows of a workload take turns, in random order, round after round, and
   * the speed-up is the median of these pairs' ratios. Absent on the
   * baseline itself and where no baseline ran.
   */
  pairedBaselineMs: v.optional(v.array(num)),
  summary: v.optional(SummarySchema),
  /** Why sampling stopped: the interval reached the plan's precision, the scenario's budget ran out, or the sample cap. */
  stop: v.optional(v.picklist(["precision", "budget", "cap"])),
  /** The median's 95% interval ended wider than the plan's precision. */
  noisy: v.optional(v.boolean()),
  /** Indices into `samplesMs` of samples with a modified z-score above 3.5: flagged, still counted. */
  outliers: v.optional(v.array(num)),
  /** Back-to-back runs each sample is the mean of (absent: one); see the plan's `minSampleMs`. */
  runsPerSample: v.optional(num),
  /** Warm-up runs before the samples (until timings settled), with the runs of samples later found still falling and dropped. */
  warmupRuns: v.optional(num),
  /** The time this scenario was given (ms), start-up and warm-up included. */
  budgetMs: v.optional(num),
  scaling: v.optional(ScalingSchema),
  /** Why this row's ratio to sequential cannot be the strategy's (see `suspectReason`): never a plain speed-up. */
  suspect: v.optional(v.string()),
  /** Why this row's median is not yet the steady state: its samples kept falling (see `stillWarming`) after the first half was twice taken as warm-up. */
  warming: v.optional(v.string()),
  /** Why this parallel row fell short for want of cores: the machine checks found the machine busy (see `busyReason`). */
  busy: v.optional(v.string()),
  /** Time to start the pool's workers and hear from each once. */
  startupMs: v.optional(num),
  /** Echo calls of every value shape that warmed the fresh pool's call path before the warm-up runs, and their time (not in startupMs). */
  poolWarmup: v.optional(v.object({ calls: num, ms: num })),
  eventLoopLagMs: v.optional(v.object({ p50: num, p99: num, max: num })),
  memory: v.optional(v.object({ peakRssBytes: v.optional(num), peakHeapUsedBytes: v.optional(num) })),
  /** Which kernel ran on which worker when, for the last sample. */
  timeline: v.optional(v.array(TaskRecordSchema)),
});

const LagSchema = v.object({ p50: num, p99: num, max: num });

export const AsyncResultSchema = v.object({
  /** Operations per run, per-request delay of the loopback server, and the concurrency limit of `limited`. */
  k: num,
  delayMs: num,
  limit: num,
  runs: v.array(
    v.object({
      source: v.picklist(["http", "file", "timer", "cpu"]),
      mode: v.picklist(["sequential", "all", "limited"]),
      summary: SummarySchema,
    }),
  ),
});

export const RaceResultSchema = v.object({
  threads: num,
  incrementsPerThread: num,
  runs: v.array(
    v.object({
      mode: v.picklist(["plain", "atomic", "lock"]),
      expected: num,
      /** Lost updates per sample: expected − final counter value. */
      lost: v.array(num),
      summary: SummarySchema,
    }),
  ),
});

export const ResponsivenessResultSchema = v.object({
  workload: v.string(),
  size: num,
  runs: v.array(v.object({ where: v.picklist(["inline", "worker"]), durationMs: num, ticks: num, lagMs: LagSchema })),
});

export const OverheadsResultSchema = v.object({
  workerStartupMs: v.optional(SummarySchema),
  processStartupMs: v.optional(SummarySchema),
  /** Round-trip latency in microseconds by mechanism: postMessage, comlink, atomicsWait, atomicsAdaptive, atomicsSpin. */
  roundTripUs: v.record(v.string(), SummarySchema),
  payload: v.array(
    v.object({
      transport: v.picklist(["clone", "transfer", "shared"]),
      shape: v.picklist(["bytes", "object"]),
      bytes: num,
      summary: SummarySchema,
      mbPerSecond: num,
    }),
  ),
  idleWorkerBytes: v.optional(num),
});

const RatioSchema = v.object({ value: num, low: num, high: num });

export const BreakEvenResultSchema = v.object({
  /** Calibrated iterations of the spin kernel per microsecond, on the calling thread. */
  itersPerUs: num,
  /** Work per run aimed at (ms), before the per-size bounds on the number of calls. */
  workMs: num,
  threads: v.array(num),
  points: v.array(
    v.object({
      /** Nominal work per call (µs); the measured figure is sequential's median ÷ tasks. */
      taskUs: num,
      iterations: num,
      /** Calls per run, the same inline and through the workers: at least 8 for each worker at the widest count. */
      tasks: num,
      /** Rounds kept, each running sequential and every workers(n) once in random order (absent in results from before pairing). */
      rounds: v.optional(num),
      sequential: SummarySchema,
      workers: v.array(
        v.object({
          threads: num,
          summary: SummarySchema,
          /** The median of the rounds' paired ratios (sequential ÷ workers(n)), with its 95% interval. */
          speedup: v.optional(RatioSchema),
          efficiency: v.optional(num),
          /** For one worker, which cannot beat inline: what a call through it costs on top (µs), from the same pairs. */
          overheadUs: v.optional(RatioSchema),
        }),
      ),
    }),
  ),
});

const SingleCoreRunSchema = v.object({
  workers: num,
  /** Wall time of one run (ms): all n calls, each 1/n of the work. */
  summary: SummarySchema,
  /** Context switches the OS counted during one run (median over the samples). */
  switches: v.object({ voluntary: num, involuntary: num }),
  switchesPerSecond: v.object({ voluntary: num, involuntary: num }),
  /** Calls finished (in every sample), workers that ran them, and when the first and last finished, as a fraction of the run. */
  completion: v.object({ tasks: num, done: num, workers: num, firstDone: num, lastDone: num }),
});

const SingleCoreHalfSchema = v.object({
  /** Cores the runtime reported in this runner (1 once confined, where the runtime honours the affinity). */
  cores: num,
  /** Where the switch counts came from: resourceUsage covers every thread, /proc/self/status the main thread only. */
  source: v.picklist(["resourceUsage", "proc-self-status"]),
  iterations: num,
  runs: v.array(SingleCoreRunSchema),
  /** The CPU list the runner was confined to (taskset -c), for the confined half. */
  cpuList: v.optional(v.string()),
  /**
   * Why this half's one-worker row cannot be set beside the other's: both
   * run the same calls on one thread, so their times must agree within 10%
   * (set by the aggregator on the confined half, with both times).
   */
  suspect: v.optional(v.string()),
});

export const SingleCoreResultSchema = v.object({
  workMs: num,
  /** The spin kernel's calibrated rate (iterations per µs) both halves used: measured once, by the first runner. */
  itersPerUs: v.optional(num),
  samples: num,
  /** Measured by the runner itself, on every core it may use. */
  allCores: SingleCoreHalfSchema,
  /** The same, in a second runner the aggregator started confined to one core. */
  oneCore: v.optional(SingleCoreHalfSchema),
});

export const ExperimentsSchema = v.object({
  async: v.optional(AsyncResultSchema),
  race: v.optional(RaceResultSchema),
  responsiveness: v.optional(ResponsivenessResultSchema),
  overheads: v.optional(OverheadsResultSchema),
  breakEven: v.optional(BreakEvenResultSchema),
  singleCore: v.optional(SingleCoreResultSchema),
  /** Parts not run here, and why (e.g. "async/file": "no file system in a browser page"). */
  skipped: v.optional(v.record(v.string(), v.string())),
  /** Parts that failed, with the error message. */
  errors: v.optional(v.record(v.string(), v.string())),
});

export const RuntimeInfoSchema = v.object({
  name: RuntimeNameSchema,
  version: v.string(),
  engine: v.picklist(["V8", "JavaScriptCore", "SpiderMonkey", "unknown"]),
  engineVersion: v.optional(v.string()),
  /** Runtime-specific facts worth reporting, e.g. crossOriginIsolated, hardwareConcurrency. */
  features: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()]))),
});

export const MachineInfoSchema = v.object({
  /** Host name: tells machines apart once results are merged. */
  name: v.optional(v.string()),
  cpuModel: v.string(),
  cores: num,
  memoryBytes: v.optional(num),
  os: v.string(),
  arch: v.string(),
});

/** Independent threads spinning at once against one alone (see `machineCheck`): the most parallel speed the machine gave then. */
export const MachineCheckSchema = v.object({
  at: v.picklist(["start", "end"]),
  /** The workloads whose rows ran between this runner's checks. */
  workloads: v.array(v.string()),
  threads: num,
  soloMs: num,
  parallelMs: num,
  /** threads × soloMs ÷ parallelMs, at most `threads`. */
  speedup: num,
});

export const ResultSchema = v.object({
  schema: v.literal(RESULT_SCHEMA),
  runtime: RuntimeInfoSchema,
  machine: MachineInfoSchema,
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  finishedAt: v.pipe(v.string(), v.isoTimestamp()),
  plan: PlanSchema,
  scenarios: v.array(ScenarioSchema),
  experiments: v.optional(ExperimentsSchema),
  machineChecks: v.optional(v.array(MachineCheckSchema)),
  /** Machine checks that could not run ("start: …"): the rows are then unmarked, not known to be clear. */
  machineCheckErrors: v.optional(v.array(v.string())),
});

export type Scenario = v.InferOutput<typeof ScenarioSchema>;
export type Result = v.InferOutput<typeof ResultSchema>;
export type Experiments = v.InferOutput<typeof ExperimentsSchema>;
export type AsyncResult = v.InferOutput<typeof AsyncResultSchema>;
export type RaceResult = v.InferOutput<typeof RaceResultSchema>;
export type ResponsivenessResult = v.InferOutput<typeof ResponsivenessResultSchema>;
export type OverheadsResult = v.InferOutput<typeof OverheadsResultSchema>;
export type BreakEvenResult = v.InferOutput<typeof BreakEvenResultSchema>;
export type SingleCoreResult = v.InferOutput<typeof SingleCoreResultSchema>;
export type SingleCoreRun = v.InferOutput<typeof SingleCoreRunSchema>;
export type MachineCheck = v.InferOutput<typeof MachineCheckSchema>;

export class ResultError extends Error {
  override name = "ResultError";
}

/** Validates an unknown value as a `threadlab.result/v1` document. */
export function parseResult(input: unknown, source = "result"): Result {
  if (typeof input === "object" && input !== null && "schema" in input && input.schema !== RESULT_SCHEMA) {
    throw new ResultError(`${source}: unsupported schema ${JSON.stringify(input.schema).slice(0, 80)} (expected ${RESULT_SCHEMA})`);
  }
  const r = v.safeParse(ResultSchema, input);
  if (!r.success) throw new ResultError(`${source}: not a valid ${RESULT_SCHEMA} file: ${describeIssues(r.issues)}`);
  return r.output;
}
