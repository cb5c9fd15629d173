// Everything of the pool (also `@threadlab/core/pool` on its own), then the benchmark.
export * from "./pool-api.ts";
export { hostModule, serveChild } from "./adapter-kit/serve-child.ts";
export { serveJsonLines } from "./adapter-kit/json-lines.ts";
export { VerificationError } from "./errors.ts";
export { WORKLOADS, WORKLOAD_NAMES, getWorkload, workloadKind } from "./workloads/catalogue.ts";
export { PRESETS, type Executor, type PresetName, type Verification, type Workload } from "./workloads/types.ts";
export { mandelbrot, pbmMd5 } from "./workloads/mandelbrot.ts";
export { spectralNorm } from "./workloads/spectral-norm.ts";
export { fannkuchRedux } from "./workloads/fannkuch-redux.ts";
export { binaryTrees, binaryTreesExpected } from "./workloads/binary-trees.ts";
export { nBody } from "./workloads/n-body.ts";
export { noop } from "./workloads/noop.ts";
export * from "./stats.ts";
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
} from "./plan.ts";
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
} from "./result.ts";
export { runPlan, type RunOptions } from "./bench/run-plan.ts";
export { experimentsEstimateMs } from "./experiments/run-experiments.ts";
export { CALLS_PER_WORKER } from "./experiments/break-even.ts";
export { joinResults, PartsProgress, planPerWorkload } from "./bench/per-workload.ts";
export { inlineExecutor, poolExecutor } from "./bench/executors.ts";
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
export { RUNTIME_NAMES, RuntimeNameSchema, runtimeRank } from "./runtime-names.ts";
export { benchWorkerApi, type BenchWorkerApi } from "./bench/worker-api.ts";
export { LagMonitor } from "./bench/lag-monitor.ts";
export type { HttpHandler, HttpReply, HttpServeOptions, HttpServer } from "./seam.ts";
export { fetchHandler } from "./service/fetch-handler.ts";
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
} from "./bench/runner-protocol.ts";
export { processAdapter } from "./bench/process-adapter.ts";
export { PRESET_DEFAULTS, gridBudgetMs, resolvePlan, threadSweep } from "./plan.ts";
export { FAIR_BAND, derivedFigures, markSuspects, rowFacts, suspectReason, type RowFacts } from "./bench/fairness.ts";
export { settling } from "./bench/sampling.ts";
export { MAX_SAMPLES, Rounds, type RoundsRule, type RowSampling, type StopReason } from "./bench/rounds.ts";
