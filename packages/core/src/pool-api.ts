/**
 * `@threadlab/core/pool`: the library layer, all of it. The worker pool, its
 * errors, the worker's side (`serve`), and what an adapter needs to be the
 * pool's `WorkerHost` (a worker thread's or a child process's handle, the
 * child's side of a process worker), without anything of the benchmark: no
 * module here imports the harness (checked by `npm test`, see
 * .dependency-cruiser.cjs). The adapters' library entries import from here,
 * so a page that bundles `@threadlab/web` gets the pool alone.
 */
export type {
  Endpoint,
  ResourceLimits,
  StartProcessOptions,
  StartWorkerOptions,
  WorkerExit,
  WorkerHandle,
  WorkerHost,
} from "./pool/worker-host.ts";
export { Pool } from "./pool/pool.ts";
export { announceSelfClose, serve, type ServeOptions } from "./channel/serve.ts";
export { serveInProcess } from "./pool/process-host.ts";
export { transfer } from "./channel/transfer.ts";
export type { MethodArgs, MethodName, MethodResult, PoolApi } from "./pool/pool.ts";
export type { CallOptions, CloseOptions, Percentiles, PoolOptions, PoolStats, TaskRecord, Transport } from "./pool/options.ts";
export { PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError, WorkerStartError } from "./pool/errors.ts";
export { exitOnce } from "./adapter-kit/exit-once.ts";
export { within } from "./pool/within.ts";
export { childProcessHandle, type ChildEnd, type SpawnedChild } from "./adapter-kit/child-process.ts";
export { nodeEndpoint, type NodePort } from "./adapter-kit/node-port.ts";
export { workerThreadHandle, type WorkerThread } from "./adapter-kit/worker-thread.ts";
export { linesOf } from "./adapter-kit/lines.ts";
export { hostModule, serveChild } from "./adapter-kit/serve-child.ts";
export { serveJsonLines } from "./adapter-kit/json-lines.ts";
