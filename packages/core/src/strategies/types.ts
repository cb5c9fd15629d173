import type { Plan } from "../schema/plan.ts";
import type { TaskRecord } from "../pool/pool.ts";
import type { Scenario } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import type { Workload } from "../workloads/types.ts";
import type { StrategyName } from "../schema/strategy-names.ts";

/** One scenario of the grid: a workload run one way at one size. */
export interface Step {
  workload: Workload<any>;
  strategy: StrategyName;
  /** A variation within the strategy, e.g. the yield mechanism of `interleaved`. */
  variant?: string;
  threads: number;
  size: number;
  /** Keep one run's timeline: only for the rows the report draws. */
  traced: boolean;
}

/** What a strategy decides of a step; the workload and its size come from the plan, `traced` from its `traces`. */
export type StepShape = Pick<Step, "variant" | "threads">;

/** A row as people read it: enough to name it. */
export interface RowName {
  threads: number;
  variant?: string;
}

export interface ExecuteContext {
  plan: Plan;
  adapter: RuntimeAdapter;
  /** Receives each kernel call of a traced run (timeline rows). */
  record(task: TaskRecord): void;
  /** The scenario being measured: a strategy adds what only it knows (start-up time, switches). */
  scenario: Scenario;
}

/** A step made ready to run: `run` is timed (or traced) once per sample, `close` frees what it holds. */
export interface Execution {
  run(kind: "plain" | "traced"): Promise<unknown>;
  close(): Promise<void>;
}

/** Where a strategy's work runs: on the calling thread, or spread over worker threads or child processes (there n of them can use n cores). */
export type RunsOn = "caller" | "threads" | "processes";

/**
 * The part a strategy plays in the report's concept tables and charts, which
 * pick rows by it rather than by name; each role is one strategy's (see
 * `strategyFor`). `thread-pool` is the thread sweep: the speed-up charts and
 * the parallelism table, and what processes and shared memory are set beside.
 */
export type ReportRole = "slices" | "thread-pool" | "shared-memory" | "processes";

/** One way of running a workload: which scenarios it has, where it can run, how to run it, and its name for people. */
export interface Strategy {
  readonly name: StrategyName;
  /** The row every other ratio of the workload is taken against. */
  readonly baseline: boolean;
  readonly runsOn: RunsOn;
  readonly role?: ReportRole;
  /**
   * For a row that does the baseline's work on one thread, and so must land
   * within FAIR_BAND of it (the self-check): what it adds that could make it
   * slower. Undefined for every other row.
   */
  oneThreadCost(row: RowName): string | undefined;
  /** Whether a row keeps one run's timeline (the rows the report draws); `widest` is the largest count the strategy runs at. */
  traces(row: RowName, widest: number): boolean;
  /** This strategy's steps for `workload`; `threads` is the resolved plan's sweep, `cores` the runtime's. */
  expand(workload: Workload<any>, threads: readonly number[], cores: number): StepShape[];
  /** Why no step of this strategy can run in this runtime (the scenario is skipped with it), if none can. */
  notApplicable(adapter: RuntimeAdapter): string | undefined;
  /** Starts what the step needs (a pool, a yielder); failures here fail the scenario. */
  prepare(step: Step, context: ExecuteContext): Promise<Execution>;
  /** "sequential", "workers(2)", "interleaved(messageChannel)". */
  label(row: RowName): string;
}
