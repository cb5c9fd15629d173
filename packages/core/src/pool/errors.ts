/**
 * A call ran past its timeout: `timeout` counts from when a worker took it
 * ("dispatch"), `totalTimeout` from the call. If a worker was running it,
 * that worker was terminated and replaced.
 */
export class TaskTimeoutError extends Error {
  override name = "TaskTimeoutError";
  constructor(
    readonly timeoutMs: number,
    method: string,
    readonly from: "dispatch" | "call" = "dispatch",
  ) {
    super(`${method}() did not finish within ${timeoutMs} ms of its ${from === "call" ? "call" : "dispatch"}`);
  }
}

/** The pool's queue held `maxQueue` calls already: this one was not accepted. */
export class QueueFullError extends Error {
  override name = "QueueFullError";
  constructor(readonly maxQueue: number) {
    super(`the pool's queue is full (maxQueue ${maxQueue}); wait for pool.drained() and call again`);
  }
}

/** The worker running a call died (uncaught error, exit, crash). */
export class WorkerCrashedError extends Error {
  override name = "WorkerCrashedError";
  constructor(method: string, readonly exit: { error?: Error; code?: number }) {
    super(
      `worker died while running ${method}()` +
        (exit.error ? `: ${exit.error.message}` : exit.code !== undefined ? ` (exit code ${exit.code})` : ""),
      exit.error ? { cause: exit.error } : undefined,
    );
  }
}

/** A worker died before answering its first message: its module could not load or threw at the top level. */
export class WorkerStartError extends Error {
  override name = "WorkerStartError";
  constructor(readonly exit: { error?: Error; code?: number }) {
    super(
      "worker failed to start" +
        (exit.error ? `: ${exit.error.message}` : exit.code !== undefined ? ` (exit code ${exit.code})` : ""),
      exit.error ? { cause: exit.error } : undefined,
    );
  }
}

/** The pool was closed before or while a call ran. */
export class PoolClosedError extends Error {
  override name = "PoolClosedError";
  constructor() {
    super("the pool is closed");
  }
}

/** An AbortSignal's reason as an Error (DOMException where available). */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error(r === undefined ? "This operation was aborted" : String(r));
  e.name = "AbortError";
  return e;
}
