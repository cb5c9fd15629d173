import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { summarize, type Summary } from "../stats/stats.ts";

/** Times `fn` `samples` times (after `warmup` untimed runs); returns the summary in ms, or scaled by `per`. */
export async function measure(
  adapter: RuntimeAdapter,
  samples: number,
  fn: () => Promise<unknown> | unknown,
  options: { warmup?: number; per?: number; unit?: "ms" | "us" } = {},
): Promise<Summary> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = adapter.now();
    await fn();
    const ms = (adapter.now() - t0) / (options.per ?? 1);
    times.push(options.unit === "us" ? ms * 1000 : ms);
  }
  return summarize(times);
}

/** Waits (without blocking: the browser's main thread may not) until `ready()` is true. */
export async function until(ready: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("workers did not reach the start barrier in time");
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}


/**
 * All of `calls`, as one promise that is already being watched: a call that
 * fails while the caller waits on something else (a start barrier) is not an
 * unhandled rejection, and still fails whoever awaits the result.
 */
export function settledLater<T>(calls: Array<Promise<T>>): Promise<T[]> {
  const all = Promise.all(calls);
  all.catch(() => undefined);
  return all;
}
