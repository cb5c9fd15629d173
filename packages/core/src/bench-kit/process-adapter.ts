import type { RuntimeAdapter } from "../probe/runtime-probe.ts";

/** The same adapter with its workers replaced by child processes, so one Pool drives either. */
export function processAdapter(adapter: RuntimeAdapter): RuntimeAdapter {
  const start = adapter.startProcess;
  if (!start) throw new Error(`${adapter.runtime().name} cannot start child processes`);
  return { ...adapter, startWorker: (_url, options) => start.call(adapter, options) };
}
