/**
 * The runtime seam: everything that differs between Node, Deno, Bun and the
 * browser. An adapter implements `RuntimeAdapter`; everything else (pool,
 * workloads, strategies, statistics, results) lives once in core.
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

import type { RuntimeName } from "./runtime-names.ts";
export type { RuntimeName };

export interface RuntimeInfo {
  name: RuntimeName;
  version: string;
  engine: "V8" | "JavaScriptCore" | "SpiderMonkey" | "unknown";
  engineVersion?: string;
  /** Runtime-specific facts worth reporting, e.g. crossOriginIsolated, hardwareConcurrency. */
  features?: Record<string, string | number | boolean>;
}

export interface MachineInfo {
  /** Host name: tells machines apart once results are merged. */
  name?: string;
  cpuModel: string;
  cores: number;
  memoryBytes?: number;
  os: string;
  arch: string;
}

export interface MemorySample {
  /** Resident set size of the whole process, where known. */
  rssBytes?: number;
  /** JS heap in use on the calling thread. */
  heapUsedBytes?: number;
}

/** What a service route answers: a JSON body and its status. */
export interface HttpReply {
  status: number;
  body: string;
}

/** A request's path and query ("/work?i=10&s=3") to its reply: the service experiment's routes, in core. */
export type HttpHandler = (path: string) => Promise<HttpReply>;

export interface HttpServeOptions {
  /** 0: any free port. */
  port?: number;
  /** SO_REUSEPORT, so several processes can serve one port (where the runtime offers it). */
  reusePort?: boolean;
}

export interface HttpServer {
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Real I/O on this machine, for the asynchronous-processing scenario. */
export interface RuntimeIo {
  /**
   * An HTTP server on 127.0.0.1 that answers every request after `delayMs`
   * (in the browser: the runner's own server, on the page's origin).
   */
  delayServer(delayMs: number): Promise<{ url: string; close(): Promise<void> }>;
  /** A temporary file of `bytes` bytes: `read()` reads it whole and returns the length. Absent in browsers. */
  tempFile?(bytes: number): Promise<{ read(): Promise<number>; remove(): Promise<void> }>;
  /** The runtime's own HTTP server on 127.0.0.1 (node:http, Deno.serve, Bun.serve) answering with `handler`. Absent in browsers. */
  serve?(handler: HttpHandler, options?: HttpServeOptions): Promise<HttpServer>;
}

export interface RuntimeAdapter {
  runtime(): RuntimeInfo;
  machine(): MachineInfo;
  /** Logical CPUs this runtime may use. */
  cpuCount(): number;
  /** High-resolution monotonic clock in milliseconds. */
  now(): number;
  memory(): MemorySample | undefined;
  /** Starts a worker running the module at `url` (an ES module). */
  startWorker(url: URL | string, options?: StartWorkerOptions): WorkerHandle;
  /** The module that serves the benchmark kernels inside a worker. */
  benchWorkerUrl: URL | string;
  /**
   * Starts a child process serving `options.module` (a pool's
   * `isolation: "process"`), or the benchmark kernels without one, speaking
   * core's JSON-lines protocol on its stdin/stdout (see `jsonLinesEndpoint`).
   * Absent where the runtime has no processes (a browser page).
   */
  startProcess?(options?: StartProcessOptions): WorkerHandle;
  io?: RuntimeIo;
}
