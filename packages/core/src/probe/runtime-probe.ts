/**
 * The benchmark's half of the runtime seam: what the harness reads of a
 * runtime besides running workers (its identity, the machine, memory, real
 * I/O, the bench worker's module). A runtime adapter is both halves,
 * `RuntimeAdapter`: the pool's `WorkerHost` (../pool/worker-host.ts) and this
 * `RuntimeProbe`. Everything else (workloads, strategies, statistics,
 * results) lives once in core.
 */
import type { WorkerHost } from "../pool/worker-host.ts";

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

/** What the benchmark reads of a runtime, besides its workers. */
export interface RuntimeProbe {
  runtime(): RuntimeInfo;
  machine(): MachineInfo;
  memory(): MemorySample | undefined;
  /** The module that serves the benchmark kernels inside a worker (and, without a module of its own, in a child process). */
  benchWorkerUrl: URL | string;
  io?: RuntimeIo;
}

/** A runtime adapter: the pool's WorkerHost and the benchmark's RuntimeProbe. */
export interface RuntimeAdapter extends WorkerHost, RuntimeProbe {
  runtime(): RuntimeInfo;
}
