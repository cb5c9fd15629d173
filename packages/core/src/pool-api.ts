/**
 * `@threadlab/core/pool`: the worker pool and what an adapter needs to fill
 * the seam, without the workloads, statistics and schemas of the benchmark.
 * The adapters' library entries import from here, so a page that bundles
 * `@threadlab/web` gets the pool alone.
 */
export type {
  Endpoint,
  MachineInfo,
  MemorySample,
  RuntimeAdapter,
  RuntimeInfo,
  RuntimeIo,
  RuntimeName,
  ResourceLimits,
  StartProcessOptions,
  StartWorkerOptions,
  WorkerExit,
  WorkerHandle,
} from "./seam.ts";
export { Pool } from "./pool/pool.ts";
export { announceSelfClose, serve, type ServeOptions } from "./channel/serve.ts";
export { serveInProcess } from "./pool/process-host.ts";
export { transfer } from "./channel/transfer.ts";
export type { MethodArgs, MethodName, MethodResult, PoolApi } from "./pool/pool.ts";
export type { CallOptions, CloseOptions, Percentiles, PoolOptions, PoolStats, TaskRecord, Transport } from "./pool/options.ts";
export { PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError, WorkerStartError } from "./errors.ts";
export { exitOnce } from "./adapter-kit/exit-once.ts";
export { within } from "./pool/within.ts";
export { childProcessHandle, type ChildEnd, type SpawnedChild } from "./adapter-kit/child-process.ts";
export { nodeEndpoint, type NodePort } from "./adapter-kit/node-port.ts";
export { workerThreadHandle, type WorkerThread } from "./adapter-kit/worker-thread.ts";
export { linesOf } from "./adapter-kit/lines.ts";
export { machineFromOs, type OsModule } from "./adapter-kit/machine.ts";
