import type { ChannelShape } from "../channel/layout.ts";
import type { ResourceLimits } from "./worker-host.ts";

export interface CallOptions {
  /** Aborting rejects the call; if it is running, its worker is terminated and replaced. */
  signal?: AbortSignal;
  /**
   * Milliseconds the call may run, counted from when a worker takes it (to
   * within a tenth of it, at most 10 ms): time spent queued does not count.
   * Past it the call rejects with TaskTimeoutError and its worker is
   * terminated and replaced.
   */
  timeout?: number;
  /**
   * Milliseconds from the call itself, queueing included: what a caller with a
   * deadline wants. A call still queued then never reaches a worker; a running
   * one has its worker replaced, as with `timeout`.
   */
  totalTimeout?: number;
}

export interface TaskRecord {
  workerId: number;
  method: string;
  /** Adapter clock (ms) when the call was sent and when it settled. */
  start: number;
  end: number;
  ok: boolean;
}

/** How calls reach the workers. */
export type Transport = "shared-memory" | "message";

export interface PoolOptions {
  /** Number of workers, all started at once and kept (a fixed pool). Defaults to the runtime's CPU count. */
  size?: number;
  /**
   * A pool that grows and shrinks: at least `minSize` workers (default 1),
   * at most `maxSize` (default: `size`, else the CPU count). A worker starts
   * when a call would otherwise wait, and one idle for `idleTimeout` ms
   * (default 10 000) ends while more than `minSize` are left.
   */
  minSize?: number;
  maxSize?: number;
  idleTimeout?: number;
  /**
   * Calls that may wait beyond those the workers run at once (maxSize ×
   * concurrency); one more rejects at once with QueueFullError. Unbounded by
   * default. `pool.drained()` says when there is room again.
   */
  maxQueue?: number;
  /** Default per-call `timeout` in ms, counted from when a worker takes the call (none by default). */
  timeout?: number;
  /** Default per-call `totalTimeout` in ms, counted from the call (none by default). */
  totalTimeout?: number;
  /** A worker runs at most this many calls (counted where it takes them, so a burst cannot overshoot) and is replaced once they are done. */
  maxTasksPerWorker?: number;
  /**
   * A worker whose own heap is above this many MiB after a call is replaced
   * once its calls are done (Node, Deno and Bun report a worker's heap; a
   * browser does not, and there this does nothing). Unlike `resourceLimits`,
   * nothing is cut short: it catches slow growth between calls.
   */
  maxHeapMB?: number;
  /**
   * Per-worker memory limits where the runtime enforces them (Node's
   * worker_threads `resourceLimits`). A worker that runs out dies alone: its
   * calls reject with WorkerCrashedError and it is replaced. See the README
   * for what each runtime can guarantee.
   */
  resourceLimits?: ResourceLimits;
  /**
   * "thread" (default): workers are threads of this process. "process": each
   * worker is a child process running the module, so a worker that runs out
   * of memory or crashes natively cannot take the host down (Node, Deno, Bun;
   * not in a page). Calls then travel by message, and start-up costs more.
   */
  isolation?: "thread" | "process";
  /** Name given to each worker (shown in debuggers). */
  name?: string;
  /**
   * Milliseconds a new worker has to answer its first message (module loaded,
   * `expose()` called) before it counts as failed to start. Default 60 000.
   */
  startTimeout?: number;
  /** Called after every call settles; used for timelines. */
  onTask?: (record: TaskRecord) => void;
  /**
   * Calls one worker runs at once (default 1). Above 1, a worker whose call
   * returns a promise (waiting on I/O) takes further calls meanwhile; CPU-bound
   * calls run one at a time whatever this says.
   */
  concurrency?: number;
  /**
   * "auto" (default): calls go through shared memory where the runtime has
   * it (SharedArrayBuffer; in a page, cross-origin isolation), by message
   * otherwise. "message" forces the message protocol.
   */
  transport?: "auto" | "message";
  /**
   * Shared-memory tuning. `slots`: calls in flight at once over all workers
   * (default 64); `slotBytes`: the largest encoded call or result that goes
   * through shared memory (default 16 KiB; larger ones go by message);
   * `pollUs`: how long an idle worker keeps polling before it sleeps
   * (default 100 µs); `spinUs`: how long the calling thread polls for a
   * result with nothing arriving before it yields to its event loop
   * (default 50 µs; it never polls more than `maxSpinUs`, default 1000 µs, in one go).
   */
  channel?: Partial<ChannelShape> & { pollUs?: number; spinUs?: number; maxSpinUs?: number };
}

export interface CloseOptions {
  /**
   * Milliseconds to let accepted calls finish (no new ones are taken);
   * whatever is still queued or running then is rejected with
   * PoolClosedError and its worker terminated. Without it, close() rejects
   * them at once. Either way close() resolves: a worker that will not end
   * is not waited for beyond this time (or 5 s without it).
   */
  timeout?: number;
}

/** p50 and p99 over the most recent calls, in ms. */
export interface Percentiles {
  p50: number;
  p99: number;
}

export interface PoolStats {
  /** Workers running now (started or starting, not yet ended). */
  workers: number;
  /** Workers running at least one call. */
  busy: number;
  /** Calls no worker has taken yet. */
  queued: number;
  /** Calls a worker has taken (or is answering) and that have not settled yet. */
  inFlight: number;
  /** Calls that returned a value, and calls that rejected (a throw, timeout, abort, crash, close). */
  completed: number;
  failed: number;
  /** Workers replaced after a crash, a timeout or an abort (not counting recycling). */
  replaced: number;
  /** Workers ended and replaced by recycling (maxTasksPerWorker, recycle()). */
  recycled: number;
  /**
   * Over the last 1 000 calls that reached a worker: `wait`, from the call to
   * its dispatch; `run`, from dispatch to its result (a call through shared
   * memory may wait a few µs there for a worker to take it). Absent before
   * the first such call.
   */
  waitMs?: Percentiles;
  runMs?: Percentiles;
  /** Share of the workers' lifetime spent running calls, 0–1 (per concurrency slot). */
  utilization: number;
  transport: Transport;
}
