import { cpus, release, totalmem, type } from "node:os";
import type { Endpoint, RuntimeAdapter, StartWorkerOptions, WorkerExit, WorkerHandle } from "@threadlab/core";
import { CONTROL, controlOf, type ControlMessage } from "./control.ts";

/**
 * Starts `url` as a Deno module Worker. Two Deno behaviours are handled here:
 *
 * - Messages that reach a module worker while its top-level code is still
 *   awaiting are dispatched before any handler exists and are lost. So the
 *   endpoint holds outgoing messages until the worker's `expose()` says it is
 *   listening (a `ready` control message).
 * - Deno fires no event on the Worker when it ends itself (`self.close()`,
 *   `Deno.exit()`); the worker's `expose()` announces that with an `exit`
 *   control message instead. Uncaught errors arrive as the `error` event,
 *   whose default (re-throwing in the parent, killing it) is prevented.
 */
function startWorker(url: URL | string, options: StartWorkerOptions = {}): WorkerHandle {
  const worker = new Worker(url, { type: "module", ...(options.name ? { name: options.name } : {}) });
  let ready = false;
  let gone = false;
  const outbox: Array<[unknown, Transferable[]]> = [];
  const listeners: Array<(exit: WorkerExit) => void> = [];

  const report = (exit: WorkerExit) => {
    if (gone) return;
    gone = true;
    outbox.length = 0;
    for (const l of listeners) l(exit);
  };

  worker.addEventListener("message", (event: MessageEvent) => {
    const control = controlOf(event.data);
    if (control === "ready") {
      ready = true;
      for (const [message, transfer] of outbox.splice(0)) worker.postMessage(message, transfer);
    } else if (control === "exit") {
      const code = (event.data as Extract<ControlMessage, { [CONTROL]: "exit" }>).code;
      report(code === undefined ? {} : { code });
    }
  });
  worker.addEventListener("error", (event: ErrorEvent) => {
    event.preventDefault();
    report({ error: errorOf(event) });
  });

  const endpoint: Endpoint = {
    postMessage(message: unknown, transfer: Transferable[] = []) {
      if (gone) return;
      if (ready) worker.postMessage(message, transfer);
      else outbox.push([message, transfer]);
    },
    addEventListener: worker.addEventListener.bind(worker) as Endpoint["addEventListener"],
    removeEventListener: worker.removeEventListener.bind(worker) as Endpoint["removeEventListener"],
  };

  return {
    endpoint,
    terminate() {
      gone = true;
      outbox.length = 0;
      // Deno 2.9: this stops an idle or awaiting worker, but NOT one busy in
      // synchronous code (denoland/deno#35657): that thread runs on until its
      // code returns or the process exits. See README "Sharp edges".
      worker.terminate();
      return Promise.resolve();
    },
    onExit(listener) {
      listeners.push(listener);
    },
  };
}

/** Deno's worker ErrorEvent has `error: null`; rebuild an Error from what it does carry. */
function errorOf(event: ErrorEvent): Error {
  if (event.error instanceof Error) return event.error;
  const message = (event.message || "uncaught error in worker").replace(/^Uncaught (\(in promise\) )?/, "");
  const error = new Error(message);
  if (event.filename) error.stack = `${message}\n    at ${event.filename}:${event.lineno}:${event.colno}`;
  return error;
}

/** `f()`, or `fallback` when the needed --allow-sys permission was not granted. */
function tryOr<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export const denoAdapter: RuntimeAdapter = {
  runtime: () => ({ name: "deno", version: Deno.version.deno, engine: "V8", engineVersion: Deno.version.v8 }),
  // node:os keeps these figures in the same form as the Node runner's (e.g. "x64", "Linux 6.1.0").
  // Needs --allow-sys=cpus,systemMemoryInfo,osRelease; without it the fields degrade, never throw.
  machine: () => {
    const memoryBytes = tryOr<number | undefined>(() => totalmem(), undefined);
    return {
      cpuModel: tryOr(() => cpus()[0]?.model.trim(), undefined) ?? "unknown",
      cores: navigator.hardwareConcurrency,
      ...(memoryBytes ? { memoryBytes } : {}),
      os: `${type()} ${tryOr(() => release(), "")}`.trim(),
      arch: Deno.build.arch === "x86_64" ? "x64" : Deno.build.arch === "aarch64" ? "arm64" : Deno.build.arch,
    };
  },
  cpuCount: () => navigator.hardwareConcurrency,
  now: () => performance.now(),
  memory: () => {
    const m = Deno.memoryUsage();
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
  },
  startWorker,
  benchWorkerUrl: new URL("./bench-worker.ts", import.meta.url),
};
