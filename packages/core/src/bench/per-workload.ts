import { experimentsEstimateMs } from "../experiments/run-experiments.ts";
import { resolvePlan, type Plan } from "../schema/plan.ts";
import type { Result } from "../schema/result.ts";
import { expandSteps } from "../strategies/index.ts";
import type { ProgressEvent } from "../bench-kit/runner-protocol.ts";

/**
 * One plan per workload, each with its share of the grid's budget; the
 * experiments ride with the last. Each part runs in a fresh runner, so every
 * workload starts from the same JIT state: in one long process a workload's
 * main-thread rows took whatever shape the workloads before it left (Node's
 * n-body sequential ran at 6.1 ms in one quick run and 10.3 ms in the next,
 * both tight; alone it was 5.8–6.0 ms six times out of six).
 */
export function planPerWorkload(plan: Plan): Plan[] {
  // Smoke only shows that everything runs: no figure of it is compared, and a runner (a page) per workload cost it
  // 1.5-2 s a workload in each runtime.
  if (plan.preset === "smoke") return [plan];
  const n = plan.workloads.length;
  return plan.workloads.map((workload, i) => ({
    ...plan,
    workloads: [workload],
    experiments: i === n - 1 ? plan.experiments : [],
    budgetMs: plan.budgetMs / n,
  }));
}

/** The parts' results as one runtime's result: scenarios in plan order, the experiments from the last part, the whole plan. */
export function joinResults(plan: Plan, parts: readonly Result[]): Result {
  const { experiments: _none, machineChecks: _own, machineCheckErrors: _errors, ...first } = parts[0]!;
  const last = parts.at(-1)!;
  const checks = parts.flatMap((p) => p.machineChecks ?? []);
  const checkErrors = parts.flatMap((p) => (p.machineCheckErrors ?? []).map((e) => `${p.plan.workloads.join(",")} ${e}`));
  return {
    ...first,
    finishedAt: last.finishedAt,
    // The runner's plan has its thread sweep resolved; the workloads, experiments and budget are the whole run's.
    plan: { ...first.plan, workloads: plan.workloads, experiments: plan.experiments, budgetMs: plan.budgetMs },
    scenarios: parts.flatMap((p) => p.scenarios),
    ...(last.experiments ? { experiments: last.experiments } : {}),
    ...(checks.length ? { machineChecks: checks } : {}),
    ...(checkErrors.length ? { machineCheckErrors: checkErrors } : {}),
  };
}

/**
 * Progress of part `part` of `parts`, told as one run's: scenario numbers
 * continue from the parts before; the total is the parts done, this part's
 * own count, and the counts of the parts to come as `cores` expand them (a
 * runner that sees other cores corrects its own part's count);
 * the time left adds the parts to come (at the pace of those done, or this
 * part's own first estimate) and the experiments.
 */
export class PartsProgress {
  #done = 0;
  #times: number[] = [];
  #startedAt = Date.now();
  #firstEta?: number;
  readonly #counts: number[];

  constructor(
    private readonly plan: Plan,
    private readonly emit: (event: ProgressEvent) => void,
    cores: number,
  ) {
    this.#counts = planPerWorkload(plan).map((p) => expandSteps(resolvePlan(p, cores), cores).length);
  }

  /** The callback for part `part`'s runner. */
  forPart(part: number): (event: ProgressEvent) => void {
    const later = this.plan.workloads.length - part - 1;
    const laterCount = this.#counts.slice(part + 1).reduce((a, b) => a + b, 0);
    const laterMs = (): number => {
      const each = this.#times.length ? this.#times.reduce((a, b) => a + b, 0) / this.#times.length : (this.#firstEta ?? 0);
      return later * each + (later > 0 ? experimentsEstimateMs(this.plan) : 0);
    };
    return (event) => {
      if (event.type === "scenario-start") {
        if (event.index === 0) this.#firstEta ??= event.etaMs;
        this.emit({
          ...event,
          index: this.#done + event.index,
          total: this.#done + event.total + laterCount,
          ...(event.etaMs !== undefined ? { etaMs: Math.round(event.etaMs + laterMs()) } : {}),
        });
      } else if (event.type === "sample") {
        this.emit({ ...event, index: this.#done + event.index });
      } else if (event.type === "scenario-end") {
        this.emit({ ...event, index: this.#done + event.index, total: this.#done + event.total + laterCount });
      } else this.emit(event);
    };
  }

  /** Part finished with `scenarios` scenarios. */
  partDone(scenarios: number): void {
    this.#done += scenarios;
    this.#times.push(Date.now() - this.#startedAt);
    this.#startedAt = Date.now();
  }
}
