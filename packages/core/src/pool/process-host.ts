import { benchWorkerApi } from "../bench/worker-api.ts";
import type { ServeOptions } from "../channel/serve.ts";
import { serveJsonLines } from "../adapter-kit/json-lines.ts";

/*
 * A pool with `isolation: "process"` runs its module in child processes: an
 * out-of-memory abort or a native crash then ends one child, not the host.
 * The adapter's process entry installs a host before it imports the module,
 * and the module's ordinary `expose()` serves through it (over stdin/stdout)
 * instead of a worker port. The host lives on a global symbol so that the
 * entry and the module, which may load separate copies of core, find it.
 */
const HOST = Symbol.for("threadlab.processHost");

export type ProcessHost = (api: object, options: ServeOptions) => void;

export function setProcessHost(host: ProcessHost): void {
  (globalThis as Record<symbol, unknown>)[HOST] = host;
}

/** Serves `api` through the process host when this is a pool's child process; false when it is not. */
export function serveInProcess(api: object, options: ServeOptions = {}): boolean {
  const host = (globalThis as Record<symbol, unknown>)[HOST];
  if (typeof host !== "function") return false;
  (host as ProcessHost)(api, options);
  return true;
}

/**
 * A pool's child process, whatever the runtime: serves `module` (through the
 * host its `expose()` finds), or the benchmark kernels without one, as JSON
 * lines handed to `write`. Returns where each line read from stdin goes.
 */
export async function serveChild(module: string | undefined, write: (line: string) => void): Promise<(line: string) => void> {
  if (!module) return serveJsonLines(benchWorkerApi, write).receive;
  const receive = hostModule(write);
  await import(module);
  return receive;
}

/**
 * Installs the host for a module loaded after this (imported, or run as the
 * main module after this one, as Deno's --preload does); returns where each
 * line read from stdin goes. The pool sends nothing before the module's
 * hello, so no line comes before its expose().
 */
export function hostModule(write: (line: string) => void): (line: string) => void {
  let receive: ((line: string) => void) | undefined;
  setProcessHost((api, options) => {
    receive = serveJsonLines(api, write, options).receive;
  });
  return (line) => receive?.(line);
}
