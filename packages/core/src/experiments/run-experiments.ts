import type { ExperimentName, Plan } from "../schema/plan.ts";
import type { Experiments } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import type { ProgressEvent } from "../bench-kit/runner-protocol.ts";
import { asyncExperiment } from "./async.ts";
import { breakEvenExperiment } from "./break-even.ts";
import { byPreset, type PerPreset } from "../workloads/types.ts";
import { overheadsExperiment } from "./overheads.ts";
import { raceExperiment } from "./race.ts";
import { responsivenessExperiment } from "./responsiveness.ts";
import { singleCoreExperiment } from "./single-core.ts";

/** Each experiment records what it could not do here in `skipped`, keyed "<experiment>/<part>". */
export type Skip = (part: string, reason: string) => void;

const RUNNERS: {
  // Undefined: skipped as a whole (the reason is in `skipped`).
  [K in ExperimentName]: (plan: Plan, adapter: RuntimeAdapter, skip: Skip) => Promise<NonNullable<Experiments[K]> | undefined>;
} = {
  async: asyncExperiment,
  race: raceExperiment,
  responsiveness: responsivenessExperiment,
  overheads: overheadsExperiment,
  breakEven: breakEvenExperiment,
  singleCore: singleCoreExperiment,
};

/**
 * What each experiment takes in one runtime on a 2-core machine, roughly,
 * by preset (smoke, quick, default, full): for the progress line's time
 * left only. Their sizes come from the preset, so their time is bounded by
 * design rather than by a clock.
 */
const ESTIMATE_MS: Record<ExperimentName, PerPreset<number>> = {
  async: [1_000, 1_000, 2_500, 12_000],
  race: [300, 400, 600, 5_000],
  responsiveness: [500, 500, 1_000, 8_000],
  overheads: [2_000, 2_000, 4_500, 30_000],
  breakEven: [1_500, 2_000, 5_000, 25_000],
  // The runner's own half; the aggregator's confined runner takes about as long again.
  singleCore: [1_000, 1_000, 1_500, 6_000],
};

export function experimentsEstimateMs(plan: Plan, from = 0): number {
  return plan.experiments.slice(from).reduce((sum, name) => sum + byPreset(plan.preset, ESTIMATE_MS[name]), 0);
}

/** Runs the plan's experiments one by one; one failing never loses the others. */
export async function runExperiments(
  plan: Plan,
  adapter: RuntimeAdapter,
  emit: (event: ProgressEvent) => void,
): Promise<Experiments> {
  const out: Experiments = {};
  const skipped: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [i, name] of plan.experiments.entries()) {
    emit({ type: "experiment", name, status: "start", etaMs: experimentsEstimateMs(plan, i) });
    try {
      const result = await RUNNERS[name](plan, adapter, (part, reason) => (skipped[`${name}/${part}`] = reason));
      if (result !== undefined) (out as Record<string, unknown>)[name] = result;
      emit({ type: "experiment", name, status: "ok" });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors[name] = message;
      emit({ type: "experiment", name, status: "failed", error: message });
    }
  }
  if (Object.keys(skipped).length) out.skipped = skipped;
  if (Object.keys(errors).length) out.errors = errors;
  return out;
}
