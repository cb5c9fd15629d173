import * as v from "valibot";
import { WORKLOAD_NAMES, getWorkload } from "../workloads/catalogue.ts";
import { PRESETS, type PresetName } from "../workloads/types.ts";
import { STRATEGIES, type StrategyName } from "./strategy-names.ts";

export { STRATEGIES, type StrategyName } from "./strategy-names.ts";

/** Measurements that are not a workload × strategy grid: the seed's concepts and the overheads suite. */
export const EXPERIMENTS = ["async", "race", "responsiveness", "overheads", "breakEven", "singleCore"] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

/** What a plan runs when the request does not say. */
export const DEFAULT_STRATEGIES: readonly StrategyName[] = STRATEGIES;
export const DEFAULT_EXPERIMENTS: readonly ExperimentName[] = EXPERIMENTS;

/** "unknown workload "x" (known: a, b)": the message a user sees for a value outside `known`. */
const unknown = (what: string, known: readonly string[]) => (issue: v.BaseIssue<unknown>) =>
  `unknown ${what} ${JSON.stringify(issue.input)} (known: ${known.join(", ")})`;

/** A bad value as a user typed it: numbers plain (NaN too), anything else as JSON ("3" is a string). */
const shown = (input: unknown) => (typeof input === "number" ? String(input) : JSON.stringify(input));

/** A whole number of at least `min`, the message naming the bad value. */
const wholeNumber = (min: number) => {
  const message = (issue: v.BaseIssue<unknown>) => `must be a whole number ≥ ${min}, got ${shown(issue.input)}`;
  return v.pipe(v.number(message), v.check((n) => Number.isInteger(n) && n >= min, message));
};

const threadCount = (() => {
  const message = (issue: v.BaseIssue<unknown>) => `invalid thread count ${shown(issue.input)}: use whole numbers from 1 to 256`;
  return v.pipe(v.number(message), v.check((n) => Number.isInteger(n) && n >= 1 && n <= 256, message));
})();

const WorkloadName = v.picklist(WORKLOAD_NAMES as [string, ...string[]], unknown("workload", WORKLOAD_NAMES));

/** The one place a plan is checked: its messages name the bad value and the allowed ones, for the CLI and for a runner alike. */
export const PlanSchema = v.object({
  preset: v.picklist(PRESETS, unknown("preset", PRESETS)),
  workloads: v.pipe(v.array(WorkloadName), v.minLength(1, "name at least one workload")),
  strategies: v.pipe(v.array(v.picklist(STRATEGIES, unknown("strategy", STRATEGIES))), v.minLength(1, "name at least one strategy")),
  experiments: v.optional(v.array(v.picklist(EXPERIMENTS, unknown("experiment", EXPERIMENTS))), []),
  /** Worker counts; empty: the sweep sized to the cores of the runtime that runs the plan (see `threadSweep`). */
  threads: v.array(threadCount),
  /** Size (N) per workload; a workload not listed uses its preset size. */
  sizes: v.optional(
    v.record(
      v.picklist(WORKLOAD_NAMES as [string, ...string[]], (issue) => `size given for ${unknown("workload", WORKLOAD_NAMES)(issue)}`),
      wholeNumber(1),
    ),
  ),
  /** The floor: timed samples every scenario takes, whatever its budget. */
  samples: wholeNumber(1),
  /** Untimed runs before sampling, at least; warm-up goes on while runs keep getting faster (see `settling`). */
  warmup: wholeNumber(0),
  /** A row samples until its speed-up's 95% CI (the baseline's own median's) has a half-width of at most this fraction (0.02 = ±2%). */
  precision: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0.02),
  /** A timed sample is the mean of as many back-to-back runs as last at least this long (ms); see `runsPerSample`. */
  minSampleMs: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  /** Time for the scenario grid in each runtime (ms), shared out among its scenarios; experiments are sized by the preset. */
  budgetMs: v.optional(v.pipe(v.number(), v.minValue(0)), 30_000),
  /** A single kernel call running longer than this fails its scenario. */
  taskTimeoutMs: v.pipe(v.number(), v.minValue(1)),
  /**
   * The spin kernel's iterations per µs, when a runner is to use a rate
   * measured elsewhere instead of calibrating its own: the single-core
   * experiment's confined runner takes the first runner's, so that both
   * halves do the same work.
   */
  spinItersPerUs: v.optional(v.pipe(v.number(), v.check((n) => n > 0, "must be a positive rate"))),
});

export type Plan = v.InferOutput<typeof PlanSchema>;

interface PresetDefaults {
  samples: number;
  warmup: number;
  precision: number;
  minSampleMs: number;
  budgetMs: number;
  taskTimeoutMs: number;
}

/**
 * Budgets are for the scenario grid of one runtime on a machine whose sweep
 * has three thread counts (1, 2, 4 on two cores); `gridBudgetMs` scales them
 * for bigger machines. On a 2-core machine `default` is about 40 s a runtime
 * with its experiments, so four runtimes and the pools race fit in 4 minutes.
 */
export const PRESET_DEFAULTS: Record<PresetName, PresetDefaults> = {
  // Smoke shows that everything runs, for CI and the test suite: its floors are the whole of it.
  smoke: { samples: 5, warmup: 1, precision: 0.02, minSampleMs: 1, budgetMs: 1_000, taskTimeoutMs: 60_000 },
  quick: { samples: 5, warmup: 1, precision: 0.02, minSampleMs: 10, budgetMs: 4_000, taskTimeoutMs: 120_000 },
  default: { samples: 5, warmup: 1, precision: 0.02, minSampleMs: 10, budgetMs: 24_000, taskTimeoutMs: 300_000 },
  full: { samples: 10, warmup: 2, precision: 0.01, minSampleMs: 20, budgetMs: 900_000, taskTimeoutMs: 1_800_000 },
};

export interface PlanRequest {
  preset?: PresetName;
  workloads?: string[];
  strategies?: StrategyName[];
  experiments?: ExperimentName[];
  threads?: number[];
  samples?: number;
  warmup?: number;
  precision?: number;
  minSampleMs?: number;
  budgetMs?: number;
  sizes?: Record<string, number>;
  taskTimeoutMs?: number;
}

/** Fills a request in from its preset and validates it; throws a `PlanError` naming the problem. */
export function makePlan(request: PlanRequest = {}): Plan {
  const preset = request.preset ?? "default";
  // The preset picks the defaults, so it is checked first (by the schema's own rule).
  const known = v.safeParse(PlanSchema.entries.preset, preset);
  if (!known.success) throw planError(known.issues, "preset");
  const defaults = PRESET_DEFAULTS[preset];
  return parsePlan({
    preset,
    workloads: request.workloads ?? [...WORKLOAD_NAMES],
    strategies: request.strategies ?? [...DEFAULT_STRATEGIES],
    experiments: request.experiments ?? [...DEFAULT_EXPERIMENTS],
    // No thread counts asked for: each runner sweeps its own runtime's cores.
    threads: [...new Set(request.threads ?? [])].sort((a, b) => a - b),
    ...(request.sizes ? { sizes: request.sizes } : {}),
    samples: request.samples ?? defaults.samples,
    warmup: request.warmup ?? defaults.warmup,
    precision: request.precision ?? defaults.precision,
    minSampleMs: request.minSampleMs ?? defaults.minSampleMs,
    budgetMs: request.budgetMs ?? defaults.budgetMs,
    taskTimeoutMs: request.taskTimeoutMs ?? defaults.taskTimeoutMs,
  });
}

export function parsePlan(input: unknown): Plan {
  const r = v.safeParse(PlanSchema, input);
  if (!r.success) throw planError(r.issues);
  return r.output;
}

/**
 * The default thread counts for a machine with `cores` cores: powers of two
 * up to the cores, the core count itself, and twice the cores to show
 * oversubscription. 2 → 1, 2, 4; 6 → 1, 2, 4, 6, 12; 64 → 1, 2, … 64, 128.
 */
export function threadSweep(cores: number, oversubscribe = true): number[] {
  const c = Math.max(1, Math.min(128, Math.floor(cores) || 1));
  const out = new Set<number>();
  for (let t = 1; t <= c; t *= 2) out.add(t);
  out.add(c);
  if (oversubscribe) out.add(2 * c);
  return [...out].sort((a, b) => a - b);
}

/**
 * The plan as a runtime with `cores` cores runs it: an empty thread list
 * becomes that runtime's sweep. `smoke` and `quick` stop at the cores:
 * oversubscribed rows are the noisiest of a run (workers(4) on two cores
 * moved 17–56% between two quick runs), a quick look is about scaling, not
 * about what happens past it, and smoke only shows that every strategy runs;
 * `default` and `full` show it.
 */
export function resolvePlan(plan: Plan, cores: number): Plan {
  return plan.threads.length > 0 ? plan : { ...plan, threads: threadSweep(cores, plan.preset === "default" || plan.preset === "full") };
}

/**
 * The grid's budget for a plan with these thread counts: the preset's budget
 * for a three-count sweep, growing with the square root of the sweep's
 * length beyond that, so a 64-core machine (8 counts) gets 1.6× the time
 * while its scenarios, each given less, adapt their sample counts.
 */
export function gridBudgetMs(plan: Pick<Plan, "budgetMs" | "threads">): number {
  return plan.budgetMs * Math.sqrt(Math.max(1, plan.threads.length / 3));
}

export function sizeOf(plan: Plan, workload: string): number {
  return plan.sizes?.[workload] ?? getWorkload(workload).sizes[plan.preset];
}

/** One problem with a plan: the dotted path of the field ("threads.1"), if any, and what is wrong with it. */
export interface PlanIssue {
  path?: string;
  message: string;
}

/** A plan that fails its schema; `issues` lets a caller name each field its own way (the CLI names its flags). */
export class PlanError extends Error {
  override name = "PlanError";
  constructor(
    message: string,
    readonly issues: readonly PlanIssue[] = [],
  ) {
    super(message);
  }
}

function planError(issues: readonly v.BaseIssue<unknown>[], path?: string): PlanError {
  const found = issues.slice(0, 5).map((i): PlanIssue => {
    const at = path ?? v.getDotPath(i) ?? undefined;
    return at ? { path: at, message: i.message } : { message: i.message };
  });
  return new PlanError(`invalid plan: ${describe(found)}`, found);
}

/** Issues as one line: `path: message; ...`. */
function describe(issues: readonly PlanIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}

/** Valibot issues as one line: `path: message; ...`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return describe(issues.slice(0, 5).map((i) => ({ path: v.getDotPath(i) ?? undefined, message: i.message })));
}
