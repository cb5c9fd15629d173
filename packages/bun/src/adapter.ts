import * as os from "node:os";
import { exitOnce, within, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core/pool";
import { machineFromOs, type RuntimeAdapter } from "@threadlab/core/probe";
import { bunIo } from "./io.ts";
import { startProcess } from "./process.ts";

/** Bun's Worker: a Web Worker plus a `close` event that carries the exit code. */
interface BunWorker extends Worker {
  addEventListener(type: "close", listener: (event: Event & { code?: number }) => void): void;
  addEventListener(type: string, listener: (event: any) => void, options?: AddEventListenerOptions): void;
}

/** How long terminate() waits for Bun's `close` event before resolving anyway. */
const TERMINATE_WAIT_MS = 2_000;

/**
 * Starts `url` as a Bun module Worker. An uncaught error arrives as the
 * `error` event (its default is prevented so the parent survives) and is then
 * followed by `close`; `process.exit()` in the worker arrives as `close` with
 * its code. Whichever comes first is reported, once, unless we asked for it.
 */
function startWorker(url: URL | string, options: StartWorkerOptions = {}): WorkerHandle {
  const worker = new Worker(url, { type: "module", ...(options.name ? { name: options.name } : {}) }) as BunWorker;
  let terminating = false;
  const exit = exitOnce();
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));

  worker.addEventListener("error", (event: ErrorEvent) => {
    event.preventDefault();
    exit.report({ error: errorOf(event) });
  });
  worker.addEventListener("close", (event) => {
    markClosed();
    exit.report(event.code === undefined ? {} : { code: event.code });
  });

  return {
    endpoint: worker,
    async terminate() {
      if (terminating) return closed;
      terminating = true;
      exit.silence(); // asked for: not a crash
      worker.terminate();
      // Bun documents terminate() as experimental: never let a missing `close` hang close().
      await within(closed, TERMINATE_WAIT_MS);
    },
    onExit: exit.onExit,
  };
}

/**
 * Bun's worker ErrorEvent has no `error`; its message is the source excerpt
 * followed by `error: <message>` and the stack lines.
 */
function errorOf(event: ErrorEvent): Error {
  if (event.error instanceof Error) return event.error;
  const text = event.message || "uncaught error in worker";
  const match = /^(?:(\w*Error)|error): (.*)$/m.exec(text);
  const error = new Error(match ? match[2] : text.trim().split("\n").pop());
  if (match?.[1]) error.name = match[1];
  const frames = text.split("\n").filter((line) => /^\s+at /.test(line));
  error.stack = [`${error.name}: ${error.message}`, ...frames].join("\n");
  return error;
}

const process_ = globalThis.process;

export const bunAdapter: RuntimeAdapter = {
  runtime: () => ({
    name: "bun",
    version: Bun.version,
    engine: "JavaScriptCore",
    // Bun reports the WebKit revision its JavaScriptCore is built from.
    ...(process_.versions.webkit ? { engineVersion: `WebKit ${process_.versions.webkit}` } : {}),
  }),
  machine: () => machineFromOs(os),
  cpuCount: () => os.availableParallelism(),
  now: () => performance.now(),
  memory: () => {
    const m = process_.memoryUsage();
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
  },
  startWorker,
  benchWorkerUrl: new URL("./bench-worker.ts", import.meta.url),
  startProcess,
  io: bunIo,
};
