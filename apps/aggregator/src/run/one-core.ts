import { BASELINE_STRATEGY, type Plan, type ProgressEvent, type Result } from "@threadlab/core";
import { findExecutable } from "../runtimes/find-executable.ts";
import type { RuntimeSpec } from "../runtimes/types.ts";

/** The CPU list the confined runner gets: the first core. */
export const ONE_CORE = "0";

/** Why the singleCore experiment cannot confine a runner here, or undefined when it can (taskset on Linux). */
export function confineUnavailable(platform: NodeJS.Platform, taskset: string | undefined, runtime: string): string | undefined {
  if (runtime === "chromium") return "not applicable: a browser page cannot read the operating system's context-switch counts";
  if (platform !== "linux") return `not applicable: confining a runner to one core uses Linux's taskset, and this is ${platform}`;
  if (!taskset) return "taskset was not found on PATH (it comes with util-linux): the one-core half needs it";
  return undefined;
}

/** `spec`, started under `taskset -c <cpus>`: the runner and every thread it starts may run on those cores only. */
export function confined(spec: RuntimeSpec, taskset: string, cpus = ONE_CORE): RuntimeSpec {
  return {
    ...spec,
    command(found, planJson) {
      const { command, args } = spec.command(found, planJson);
      return { command: taskset, args: ["-c", cpus, command, ...args] };
    },
  };
}

/**
 * The confined runner's plan: the singleCore experiment alone. A plan names
 * at least one scenario, so it gets the cheapest there is (noop, N = 1,
 * sequential, one sample), whose result is dropped: only the experiment's
 * figures are kept. This reuses each runtime's own runner as it is, rather
 * than teaching every runner to start a pinned child of itself.
 */
export function confinedPlan(plan: Plan, spinItersPerUs?: number): Plan {
  return {
    ...plan,
    // The first runner's calibration: both halves then run the same calls.
    ...(spinItersPerUs !== undefined ? { spinItersPerUs } : {}),
    workloads: ["noop"],
    strategies: [BASELINE_STRATEGY],
    sizes: { noop: 1 },
    threads: [1],
    experiments: ["singleCore"],
    samples: 1,
    warmup: 0,
    budgetMs: 0,
  };
}

export type RunConfined = (spec: RuntimeSpec, planJson: string, onProgress: (event: ProgressEvent) => void) => Promise<
  { ok: true; result: Result } | { ok: false; message: string }
>;

/**
 * Adds the one-core half to a result whose singleCore experiment ran, by
 * running the experiment again in a runner confined to core 0; where that
 * cannot be done, or fails, the result says why under `skipped` or `errors`.
 */
export async function withOneCore(
  spec: RuntimeSpec,
  result: Result,
  run: RunConfined,
  onProgress: (event: ProgressEvent) => void,
  findTaskset: () => string | undefined = () => findExecutable("taskset"),
  platform = process.platform,
): Promise<Result> {
  const experiments = result.experiments;
  const single = experiments?.singleCore;
  if (!experiments || !single || single.oneCore) return result;
  const taskset = findTaskset();
  const reason = confineUnavailable(platform, taskset, spec.name);
  if (reason) return { ...result, experiments: { ...experiments, skipped: { ...experiments.skipped, "singleCore/one-core": reason } } };
  onProgress({ type: "experiment", name: "singleCore (one core)", status: "start" });
  // Its own progress stays quiet: its throwaway scenario is no part of this runtime's.
  const outcome = await run(confined(spec, taskset!), JSON.stringify(confinedPlan(result.plan, single.itersPerUs)), () => {});
  const half = outcome.ok ? outcome.result.experiments?.singleCore?.allCores : undefined;
  if (!half) {
    const message = outcome.ok
      ? (outcome.result.experiments?.errors?.singleCore ?? "the confined runner returned no singleCore result")
      : outcome.message;
    onProgress({ type: "experiment", name: "singleCore (one core)", status: "failed", error: message });
    return { ...result, experiments: { ...experiments, errors: { ...experiments.errors, "singleCore/one-core": message } } };
  }
  onProgress({ type: "experiment", name: "singleCore (one core)", status: "ok" });
  const suspect = oneWorkerDisagrees(single.allCores, half);
  return { ...result, experiments: { ...experiments, singleCore: { ...single, oneCore: { ...half, cpuList: ONE_CORE, ...(suspect ? { suspect } : {}) } } } };
}

type Half = NonNullable<NonNullable<Result["experiments"]>["singleCore"]>["allCores"];

/** Beyond this, the two halves' one-worker rows (the same calls on one thread) measured something other than the cores. */
export const ONE_WORKER_BAND = 0.1;

/**
 * Why the confined half's one-worker row cannot be set beside the
 * unconfined one's, or undefined when they agree: both run the same calls
 * on one worker, so only the core they ran on differs. A different call
 * count, or times more than 10% apart, and the comparison is not of cores
 * (core 0 of this VM ran the same kernel 1.5x slower than core 1 for
 * minutes at a time, with nothing else running in the guest).
 */
export function oneWorkerDisagrees(all: Half, one: Half): string | undefined {
  if (all.iterations !== one.iterations) {
    return `the confined runner ran ${one.iterations.toLocaleString("en")} iterations a run against ${all.iterations.toLocaleString("en")}: not the same work`;
  }
  const a = all.runs.find((r) => r.workers === 1)?.summary.median;
  const b = one.runs.find((r) => r.workers === 1)?.summary.median;
  if (a === undefined || b === undefined || !(a > 0 && b > 0)) return undefined;
  if (Math.abs(b / a - 1) <= ONE_WORKER_BAND) return undefined;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return (
    `one worker took ${ms(b)} confined to core ${ONE_CORE} and ${ms(a)} on all cores for the same calls, more than 10% apart: ` +
    (b > a ? `core ${ONE_CORE} ran slower than the core the other runner got (a host busy on it), so this half's times are not only the cost of sharing a core` : "the unconfined runner was slowed, so the two halves are not comparable")
  );
}
