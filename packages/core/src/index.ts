// Everything of the pool (also `@threadlab/core/pool` on its own), of the probe (`@threadlab/core/probe`), then the benchmark.
export * from "./pool-api.ts";
export * from "./probe-api.ts";
export { VerificationError } from "./workloads/verification-error.ts";
export { WORKLOADS, WORKLOAD_NAMES, getWorkload, workloadKind } from "./workloads/catalogue.ts";
export { PRESETS, type Executor, type PresetName, type Verification, type Workload } from "./workloads/types.ts";
export { mandelbrot, pbmMd5 } from "./workloads/mandelbrot.ts";
export { spectralNorm } from "./workloads/spectral-norm.ts";
export { fannkuchRedux } from "./workloads/fannkuch-redux.ts";
export { binaryTrees, binaryTreesExpected } from "./workloads/binary-trees.ts";
export { nBody } from "./workloads/n-body.ts";
export { noop } from "./workloads/noop.ts";
export * from "./stats/stats.ts";
export { quantileRanks, type QuantileRanks } from "./stats/quantile-ci.ts";
export {
  DEFAULT_EXPERIMENTS,
  DEFAULT_STRATEGIES,
  EXPERIMENTS,
  PlanError,
  PlanSchema,
  type PlanIssue,
  STRATEGIES,
  makePlan,
  parsePlan,
  sizeOf,
  type ExperimentName,
  type Plan,
  type PlanRequest,
  type StrategyName,
} from "./schema/plan.ts";
export {
  RESULT_SCHEMA,
  ResultError,
  ResultSchema,
  parseResult,
  type AsyncResult,
  type Experiments,
  type MachineCheck,
  type OverheadsResult,
  type RaceResult,
  type ResponsivenessResult,
  type Result,
  type Scenario,
} from "./schema/result.ts";
export { runPlan, type RunOptions } from "./bench/run-plan.ts";
export { experimentsEstimateMs } from "./experiments/run-experiments.ts";
export { CALLS_PER_WORKER } from "./experiments/break-even.ts";
export { joinResults, PartsProgress, planPerWorkload } from "./bench/per-workload.ts";
export { inlineExecutor, poolExecutor } from "./bench-kit/executors.ts";
export {
  BASELINE_STRATEGY,
  STRATEGY_REGISTRY,
  expandSteps,
  strategyFor,
  strategyLabel,
  strategyOf,
  type ExecuteContext,
  type Execution,
  type ReportRole,
  type RowName,
  type RunsOn,
  type Step,
  type Strategy,
} from "./strategies/index.ts";
export { RUNTIME_NAMES, RuntimeNameSchema, runtimeRank } from "./probe/runtime-names.ts";
export { benchWorkerApi, type BenchWorkerApi } from "./bench-kit/worker-api.ts";
export { LagMonitor } from "./bench-kit/lag-monitor.ts";
export { serviceMain, type ServiceHost, type ServiceReady } from "./service/service-main.ts";
export { ServiceOptionsSchema, parseServiceOptions, type ServiceOptions } from "./service/options.ts";
export { spin, spinRate, type SpinInput } from "./workloads/spin.ts";
export { runnerMain, type PlanRunner, type RunnerIo } from "./bench/runner-main.ts";
export {
  ProgressEventSchema,
  ProgressReader,
  RunnerProtocolError,
  decodeRunnerMessage,
  encodeRunnerMessage,
  isRunnerMessage,
  type ProgressEvent,
  type RunnerMessage,
} from "./bench-kit/runner-protocol.ts";
export { processAdapter } from "./bench-kit/process-adapter.ts";
export { PRESET_DEFAULTS, gridBudgetMs, resolvePlan, threadSweep } from "./schema/plan.ts";
export { FAIR_BAND, derivedFigures, markSuspects, rowFacts, suspectReason, type RowFacts } from "./bench/fairness.ts";
export { settling } from "./bench/sampling.ts";
export { MAX_SAMPLES, Rounds, type RoundsRule, type RowSampling, type StopReason } from "./bench/rounds.ts";
