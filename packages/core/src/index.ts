export type {
  Endpoint,
  MachineInfo,
  MemorySample,
  RuntimeAdapter,
  RuntimeInfo,
  RuntimeName,
  ResourceLimits,
  StartProcessOptions,
  StartWorkerOptions,
  WorkerExit,
  WorkerHandle,
} from "./seam.ts";
export { Pool } from "./pool/pool.ts";
export { serve, type ServeOptions } from "./channel/serve.ts";
export { hostModule, serveChild, serveInProcess, setProcessHost, type ProcessHost } from "./pool/process-host.ts";
export { transfer } from "./channel/transfer.ts";
export type { MethodArgs, MethodName, MethodResult, PoolApi } from "./pool/pool.ts";
export type { CallOptions, CloseOptions, Percentiles, PoolOptions, PoolStats, TaskRecord, Transport } from "./pool/options.ts";
export { PoolClosedError, QueueFullError, TaskTimeoutError, VerificationError, WorkerCrashedError, WorkerStartError } from "./errors.ts";
export { WORKLOADS, WORKLOAD_NAMES, getWorkload } from "./workloads/catalogue.ts";
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
  type OverheadsResult,
  type RaceResult,
  type ResponsivenessResult,
  type Result,
  type Scenario,
} from "./result.ts";
export { runPlan, type ProgressEvent, type RunOptions } from "./bench/run-plan.ts";
export { inlineExecutor, poolExecutor } from "./bench/executors.ts";
export { benchWorkerApi, type BenchWorkerApi } from "./bench/worker-api.ts";
export { LagMonitor } from "./bench/lag-monitor.ts";
export { runnerMain, type RunnerIo } from "./bench/runner-main.ts";
export type { RuntimeIo } from "./seam.ts";
export { decodeLine, encodeLine, jsonLinesEndpoint, serveJsonLines } from "./adapter-kit/json-lines.ts";
export { exitOnce } from "./adapter-kit/exit-once.ts";
export { childProcessHandle, type ChildEnd, type SpawnedChild } from "./adapter-kit/child-process.ts";
export { nodeEndpoint, type NodePort } from "./adapter-kit/node-port.ts";
export { lineStream, linesOf } from "./adapter-kit/lines.ts";
export { processAdapter } from "./bench/process-adapter.ts";
export { machineFromOs, type OsModule } from "./adapter-kit/machine.ts";
export { PRESET_DEFAULTS, gridBudgetMs, resolvePlan, threadSweep } from "./plan.ts";
export { FAIR_BAND, derivedFigures, markSuspects, suspectReason, type RowFacts } from "./bench/fairness.ts";
export { MAX_SAMPLES, sampler, settling, type Sampling, type SamplingRule, type StopReason } from "./bench/sampling.ts";
