/**
 * The pool's half of the runtime seam: what a pool needs from a runtime to
 * run workers, and nothing else. An adapter implements `WorkerHost` (start a
 * worker thread, or a child process, and hand back its message endpoint; the
 * CPU count; a clock) and `new Pool(host, url, options)` works in that
 * runtime. The benchmark's half, `RuntimeProbe`, is in ../probe.
 */

/** A Web-style message endpoint: comlink's own type, which a Worker or MessagePort already is. */
export type { Endpoint } from "comlink";
import type { Endpoint } from "comlink";

/** Why a worker stopped without being asked to. */
export interface WorkerExit {
  /** Error thrown at the worker's top level (uncaught), if any. */
  error?: Error;
  /** Exit code where the runtime reports one. */
  code?: number;
}

/** One started worker (thread or process) as the pool sees it. */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  /** Ends the worker now, whatever it is doing. Resolves once it is gone. */
  terminate(): Promise<void>;
  /** Called at most once, when the worker dies on its own (crash, exit). */
  onExit(listener: (exit: WorkerExit) => void): void;
  /** False for a child process: no memory is shared with it, so the pool talks to it by message. */
  readonly sharesMemory?: boolean;
}

/** Per-worker memory caps, as Node's worker_threads names them (other runtimes may ignore them: see each adapter). */
export interface ResourceLimits {
  /** The main heap's ceiling. */
  maxOldGenerationSizeMb?: number;
  /** The young generation's ceiling. */
  maxYoungGenerationSizeMb?: number;
  /** Memory reserved for generated code. */
  codeRangeSizeMb?: number;
  /** The thread's stack. */
  stackSizeMb?: number;
}

export interface StartWorkerOptions {
  name?: string;
  resourceLimits?: ResourceLimits;
}

export interface StartProcessOptions extends StartWorkerOptions {
  /** The ES module the child serves (it calls `expose()`); without it, the benchmark kernels. */
  module?: URL | string;
}

/** What a pool reads of its runtime. */
export interface WorkerHost {
  /** Which runtime this is: its name appears in the pool's errors. */
  runtime(): { name: string };
  /** Logical CPUs this runtime may use. */
  cpuCount(): number;
  /** High-resolution monotonic clock in milliseconds. */
  now(): number;
  /** Starts a worker running the module at `url` (an ES module). */
  startWorker(url: URL | string, options?: StartWorkerOptions): WorkerHandle;
  /**
   * Starts a child process serving `options.module` (a pool's
   * `isolation: "process"`), or the benchmark kernels without one, speaking
   * core's JSON-lines protocol on its stdin/stdout (see `jsonLinesEndpoint`).
   * Absent where the runtime has no processes (a browser page).
   */
  startProcess?(options?: StartProcessOptions): WorkerHandle;
}
