import { exitOnce, type WorkerHandle, type WorkerHost } from "@threadlab/core/pool";

/*
 * The pool's half of the seam in a browser: module Web Workers, the CPU count
 * and the clock. Kept apart from the benchmark's half (adapter.ts) so a page
 * that only creates pools carries none of the machine and memory probes.
 */

function startWorker(url: URL | string, options: { name?: string } = {}): WorkerHandle {
  const worker = new Worker(url, { type: "module", ...(options.name ? { name: options.name } : {}) });
  const exit = exitOnce();
  // A browser worker survives its uncaught errors, but they are crashes all the
  // same: report them so the pool rejects the call in flight and replaces the worker.
  worker.addEventListener("error", (event: Event) => {
    event.preventDefault();
    exit.report({ error: errorOf(event, url) });
  });
  worker.addEventListener("messageerror", () => {
    exit.report({ error: new Error("a message from the worker could not be deserialized") });
  });
  return {
    endpoint: worker,
    async terminate() {
      exit.silence();
      worker.terminate();
    },
    onExit: exit.onExit,
  };
}

/** An uncaught error inside a worker arrives as an ErrorEvent; a module that fails to load, as a plain Event. */
function errorOf(event: Event, url: URL | string): Error {
  const e = event as ErrorEvent;
  if (e.error instanceof Error) return e.error;
  if (typeof e.message === "string" && e.message) {
    const error = new Error(e.message.replace(/^Uncaught (\w*Error: )?/, ""));
    if (e.filename) error.stack = `${e.message}\n    at ${e.filename}:${e.lineno}:${e.colno}`;
    return error;
  }
  return new Error(`the worker module ${String(url)} failed to load or start`);
}

/** The pool's `WorkerHost` in a browser: `createPool` needs nothing more. */
export const webHost: WorkerHost = {
  runtime: () => ({ name: "chromium" }),
  cpuCount: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  now: () => performance.now(),
  startWorker,
};
