import * as os from "node:os";
import { Worker } from "node:worker_threads";
import { workerThreadHandle, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core/pool";
import { machineFromOs, type RuntimeAdapter } from "@threadlab/core/probe";
import { denoIo } from "./io.ts";
import { startProcess } from "./process.ts";

/**
 * Starts `url` as a worker thread through Deno's `node:worker_threads`, not
 * Deno's Web `Worker`. In Deno 2.9 neither terminate() interrupts a thread
 * busy in synchronous code (measured: the thread keeps its core), but only a
 * Web Worker so terminated keeps the process alive forever; this one lets it
 * exit. It also reports every way a worker ends (`error` with a real Error,
 * `exit` with the code of `self.close()`, `Deno.exit()`, `process.exit()`),
 * which the Web Worker does not.
 *
 * One Deno behaviour remains: messages that reach a module worker while its
 * top-level code is still awaiting are dispatched before any handler exists
 * and are lost. The pool never sends before the worker's `expose()` has said
 * hello, so nothing is held back here.
 */
function startWorker(url: URL | string, options: StartWorkerOptions = {}): WorkerHandle {
  // terminate() resolves at once, even for a thread in an endless loop (which keeps running: see above).
  return workerThreadHandle(new Worker(workerTarget(url), options.name ? { name: options.name } : {}));
}

/**
 * What `node:worker_threads` accepts: a URL object, or a file path. A string
 * with a scheme ("file:", "https:") is a URL, as it was for a Web Worker.
 */
function workerTarget(url: URL | string): URL | string {
  return typeof url === "string" && /^[a-z][a-z\d+.-]+:/i.test(url) ? new URL(url) : url;
}

export const denoAdapter: RuntimeAdapter = {
  runtime: () => ({ name: "deno", version: Deno.version.deno, engine: "V8", engineVersion: Deno.version.v8 }),
  // node:os keeps these figures in the same form as the Node runner's (e.g. "x64", "Linux 6.1.0").
  // Needs --allow-sys=cpus,systemMemoryInfo,osRelease,hostname; without it the fields degrade, never throw.
  machine: () => machineFromOs(os),
  cpuCount: () => navigator.hardwareConcurrency,
  now: () => performance.now(),
  memory: () => {
    const m = Deno.memoryUsage();
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
  },
  startWorker,
  benchWorkerUrl: new URL("./bench-worker.ts", import.meta.url),
  startProcess,
  io: denoIo,
};
