import { sizeOf, type Plan } from "../schema/plan.ts";
import { getWorkload } from "../workloads/catalogue.ts";
import { interleaved } from "./interleaved.ts";
import { STRATEGIES, type StrategyName } from "../schema/strategy-names.ts";
import { processes } from "./processes.ts";
import { sequential } from "./sequential.ts";
import { shared } from "./shared.ts";
import type { ReportRole, RowName, Step, Strategy } from "./types.ts";
import { workers } from "./workers.ts";

export { STRATEGIES, type StrategyName } from "../schema/strategy-names.ts";
export type { ExecuteContext, Execution, ReportRole, RowName, RunsOn, Step, StepShape, Strategy } from "./types.ts";

/** Every strategy by name; `STRATEGIES` gives their order. */
export const STRATEGY_REGISTRY: Readonly<Record<StrategyName, Strategy>> = { sequential, workers, interleaved, shared, processes };

export function strategyOf(name: StrategyName): Strategy {
  return STRATEGY_REGISTRY[name];
}

/** The strategy every ratio is taken against. */
export const BASELINE_STRATEGY: StrategyName = STRATEGIES.find((name) => STRATEGY_REGISTRY[name].baseline)!;

/** The strategy that plays `role` in the report's tables and charts. */
export function strategyFor(role: ReportRole): StrategyName {
  const name = STRATEGIES.find((s) => STRATEGY_REGISTRY[s].role === role);
  if (!name) throw new Error(`no strategy plays the report role ${role}`);
  return name;
}

/** The strategies a plan asks for, in the order they run. */
export function strategiesIn(names: readonly StrategyName[]): Strategy[] {
  return STRATEGIES.filter((s) => names.includes(s)).map(strategyOf);
}

/** A row's name for people: "sequential", "workers(2)", "interleaved(messageChannel)". */
export function strategyLabel(row: RowName & { strategy: StrategyName }): string {
  return strategyOf(row.strategy).label(row);
}

/** The scenario grid of a resolved plan on `cores` cores: per workload, each strategy's steps in strategy order. */
export function expandSteps(plan: Plan, cores: number): Step[] {
  return plan.workloads.flatMap((name) => {
    const workload = getWorkload(name);
    const size = sizeOf(plan, name);
    return strategiesIn(plan.strategies).flatMap((strategy) => {
      const shapes = strategy.expand(workload, plan.threads, cores);
      const widest = Math.max(...shapes.map((s) => s.threads));
      // The same rule the report draws timelines by: one decision, two readers.
      return shapes.map((shape) => ({ workload, strategy: strategy.name, size, ...shape, traced: strategy.traces(shape, widest) }));
    });
  });
}
