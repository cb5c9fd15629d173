import * as v from "valibot";
import { WORKLOAD_NAMES, getWorkload } from "./workloads/catalogue.ts";
import { PRESETS, type PresetName } from "./workloads/types.ts";

export const STRATEGIES = ["sequential", "workers", "interleaved", "shared", "processes"] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** Measurements that are not a workload × strategy grid: the seed's concepts and the overheads suite. */
export const EXPERIMENTS = ["async", "race", "responsiveness", "overheads", "breakEven", "singleCore"] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

/** What a plan runs when the request does not say. */
export const DEFAULT_STRATEGIES: readonly StrategyName[] = STRATEGIES;
export const DEFAULT_EXPERIMENTS: readonly ExperimentName[] = EXPERIMENTS;

export const PlanSchema = v.object({
  preset: v.picklist(PRESETS),
  workloads: v.pipe(v.array(v.picklist(WORKLOAD_NAMES as [string, ...string[]])), v.minLength(1)),
  strategies: v.pipe(v.array(v.picklist(STRATEGIES)), v.minLength(1)),
  experiments: v.optional(v.array(v.picklist(EXPERIMENTS)), []),
  /** Worker counts; empty: the sweep sized to the cores of the runtime that runs the plan (see `threadSweep`). */
  threads: v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256))),
  /** Size (N) per workload; a workload not listed uses its preset size. */
  sizes: v.optional(v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(1)))),
  /** The floor: timed samples every scenario takes, whatever its budget. */
  samples: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Untimed runs before sampling, at least; warm-up goes on while runs keep getting faster (see `settling`). */
  warmup: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Sampling stops once the median's 95% CI half-width is at most this fraction of the median (0.02 = ±2%). */
  precision: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0.02),
  /** Time for the scenario grid in each runtime (ms), shared out among its scenarios; experiments are sized by the preset. */
  budgetMs: v.optional(v.pipe(v.number(), v.minValue(0)), 30_000),
  /** A single kernel call running longer than this fails its scenario. */
  taskTimeoutMs: v.pipe(v.number(), v.minValue(1)),
});

export type Plan = v.InferOutput<typeof PlanSchema>;

interface PresetDefaults {
  samples: number;
  warmup: number;
  precision: number;
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
  smoke: { samples: 5, warmup: 1, precision: 0.02, budgetMs: 3_000, taskTimeoutMs: 60_000 },
  quick: { samples: 5, warmup: 1, precision: 0.02, budgetMs: 4_000, taskTimeoutMs: 120_000 },
  default: { samples: 5, warmup: 1, precision: 0.02, budgetMs: 24_000, taskTimeoutMs: 300_000 },
  full: { samples: 10, warmup: 2, precision: 0.01, budgetMs: 900_000, taskTimeoutMs: 1_800_000 },
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
  budgetMs?: number;
  sizes?: Record<string, number>;
  taskTimeoutMs?: number;
}

/** Fills a request in from its preset and validates it; throws a `PlanError` naming the problem. */
export function makePlan(request: PlanRequest = {}): Plan {
  const preset = request.preset ?? "default";
  if (!PRESETS.includes(preset)) {
    throw new PlanError(`unknown preset "${String(preset)}" (known: ${PRESETS.join(", ")})`);
  }
  for (const name of request.workloads ?? []) {
    if (!WORKLOAD_NAMES.includes(name)) {
      throw new PlanError(`unknown workload "${name}" (known: ${WORKLOAD_NAMES.join(", ")})`);
    }
  }
  for (const name of Object.keys(request.sizes ?? {})) {
    if (!WORKLOAD_NAMES.includes(name)) {
      throw new PlanError(`size given for unknown workload "${name}" (known: ${WORKLOAD_NAMES.join(", ")})`);
    }
  }
  for (const t of request.threads ?? []) {
    if (!Number.isInteger(t) || t < 1 || t > 256) {
      throw new PlanError(`invalid thread count ${String(t)}: use whole numbers from 1 to 256`);
    }
  }
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
    budgetMs: request.budgetMs ?? defaults.budgetMs,
    taskTimeoutMs: request.taskTimeoutMs ?? defaults.taskTimeoutMs,
  });
}

export function parsePlan(input: unknown): Plan {
  const r = v.safeParse(PlanSchema, input);
  if (!r.success) throw new PlanError(`invalid plan: ${describeIssues(r.issues)}`);
  return r.output;
}

/**
 * The default thread counts for a machine with `cores` cores: powers of two
 * up to the cores, the core count itself, and twice the cores to show
 * oversubscription. 2 → 1, 2, 4; 6 → 1, 2, 4, 6, 12; 64 → 1, 2, … 64, 128.
 */
export function threadSweep(cores: number): number[] {
  const c = Math.max(1, Math.min(128, Math.floor(cores) || 1));
  const out = new Set<number>();
  for (let t = 1; t <= c; t *= 2) out.add(t);
  out.add(c);
  out.add(2 * c);
  return [...out].sort((a, b) => a - b);
}

/** The plan as a runtime with `cores` cores runs it: an empty thread list becomes that runtime's sweep. */
export function resolvePlan(plan: Plan, cores: number): Plan {
  return plan.threads.length > 0 ? plan : { ...plan, threads: threadSweep(cores) };
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

export class PlanError extends Error {
  override name = "PlanError";
}

/** Valibot issues as one line: `path: message; ...`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const path = v.getDotPath(i);
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}
