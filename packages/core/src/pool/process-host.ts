import type { ServeOptions } from "../channel/serve.ts";

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
