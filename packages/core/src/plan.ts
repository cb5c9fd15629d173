import * as v from "valibot";
import { WORKLOAD_NAMES, getWorkload } from "./workloads/catalogue.ts";
import { PRESETS, type PresetName } from "./workloads/types.ts";

export const STRATEGIES = ["sequential", "workers", "interleaved", "shared", "processes"] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** Measurements that are not a workload × strategy grid: the seed's concepts and the overheads suite. */
export const EXPERIMENTS = ["async", "race", "responsiveness", "overheads"] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

/** What a plan runs when the request does not say. */
export const DEFAULT_STRATEGIES: readonly StrategyName[] = STRATEGIES;
export const DEFAULT_EXPERIMENTS: readonly ExperimentName[] = EXPERIMENTS;

export const PlanSchema = v.object({
  preset: v.picklist(PRESETS),
  workloads: v.pipe(v.array(v.picklist(WORKLOAD_NAMES as [string, ...string[]])), v.minLength(1)),
  strategies: v.pipe(v.array(v.picklist(STRATEGIES)), v.minLength(1)),
  experiments: v.optional(v.array(v.picklist(EXPERIMENTS)), []),
  threads: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256))), v.minLength(1)),
  /** Size (N) per workload; a workload not listed uses its preset size. */
  sizes: v.optional(v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(1)))),
  samples: v.pipe(v.number(), v.integer(), v.minValue(1)),
  warmup: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** A single kernel call running longer than this fails its scenario. */
  taskTimeoutMs: v.pipe(v.number(), v.minValue(1)),
});

export type Plan = v.InferOutput<typeof PlanSchema>;

interface PresetDefaults {
  samples: number;
  warmup: number;
  taskTimeoutMs: number;
}

const PRESET_DEFAULTS: Record<PresetName, PresetDefaults> = {
  smoke: { samples: 3, warmup: 1, taskTimeoutMs: 60_000 },
  quick: { samples: 5, warmup: 1, taskTimeoutMs: 120_000 },
  default: { samples: 10, warmup: 2, taskTimeoutMs: 300_000 },
  full: { samples: 20, warmup: 3, taskTimeoutMs: 1_800_000 },
};

export interface PlanRequest {
  preset?: PresetName;
  workloads?: string[];
  strategies?: StrategyName[];
  experiments?: ExperimentName[];
  threads?: number[];
  samples?: number;
  warmup?: number;
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
    threads: [...new Set(request.threads ?? [1, 2])].sort((a, b) => a - b),
    ...(request.sizes ? { sizes: request.sizes } : {}),
    samples: request.samples ?? defaults.samples,
    warmup: request.warmup ?? defaults.warmup,
    taskTimeoutMs: request.taskTimeoutMs ?? defaults.taskTimeoutMs,
  });
}

export function parsePlan(input: unknown): Plan {
  const r = v.safeParse(PlanSchema, input);
  if (!r.success) throw new PlanError(`invalid plan: ${describeIssues(r.issues)}`);
  return r.output;
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
