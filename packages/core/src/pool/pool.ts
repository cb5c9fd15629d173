import { PoolClosedError, QueueFullError, abortReason } from "./errors.ts";
import type { WorkerHost } from "./worker-host.ts";
import { CallStats } from "./call-stats.ts";
import { dispatcher, type Dispatcher } from "./dispatch.ts";
import { lifecycle, type Lifecycle } from "./lifecycle.ts";
import type { CallOptions, CloseOptions, PoolOptions, PoolStats } from "./options.ts";
import type { PoolParts } from "./parts.ts";
import { onSettle, type Task } from "./records.ts";
import { settler, type Settler } from "./settle.ts";
import { sharedChannel, type SharedChannel } from "./shared-channel.ts";
import { sizesOf } from "./sizes.ts";
import { timerSweep, type TimerSweep } from "./sweep.ts";
import { within } from "./within.ts";

export type { CallOptions, CloseOptions, PoolOptions, PoolStats, TaskRecord, Transport } from "./options.ts";

/** How long close() waits for workers to end when no timeout was given. */
const CLOSE_WAIT_MS = 5_000;

/** The names of `T`'s function-valued properties. */
export type MethodName<T> = {
  [K in keyof T]: T[K] extends (...args: any[]) => any ? K : never;
}[keyof T] &
  string;

export type MethodArgs<T, K extends MethodName<T>> = T[K] extends (...args: infer A) => any ? A : never;
export type MethodResult<T, K extends MethodName<T>> = T[K] extends (...args: any[]) => infer R
  ? Awaited<R>
  : never;

/** `T`'s methods as the pool exposes them: same parameters, always async. */
export type PoolApi<T> = {
  [K in MethodName<T>]: (...args: MethodArgs<T, K>) => Promise<MethodResult<T, K>>;
};

/**
 * A pool of workers running one module that calls `expose()`: fixed-size, or
 * growing and shrinking between `minSize` and `maxSize`.
 * Calls go through shared memory where the runtime has it (any worker takes
 * the next call, several calls in flight), by message otherwise. A worker
 * that crashes, hangs past its timeout or is aborted is terminated and
 * replaced, and every call settles exactly once.
 *
 * This class is the API; the work is done by the jobs of parts.ts, one each.
 */
export class Pool<T> {
  /** The most workers this pool runs at once (`maxSize`; for a fixed pool, its size). */
  readonly size: number;
  readonly minSize: number;
  /** `T`'s methods, each call dispatched to an idle worker. */
  readonly api: PoolApi<T>;

  #host: WorkerHost;
  #options: PoolOptions;
  /** close({ timeout }) is letting accepted calls finish: new ones are refused. */
  #closing = false;
  #nextCall = 1;
  #concurrency: number;
  #stats = new CallStats();
  #workers: Lifecycle;
  #dispatch: Dispatcher;
  #sweep: TimerSweep;
  #settle: Settler;
  #channel: SharedChannel;

  constructor(host: WorkerHost, url: URL | string, options: PoolOptions = {}) {
    const { minSize, maxSize } = sizesOf(options, host.cpuCount());
    this.size = maxSize;
    this.minSize = minSize;
    for (const key of ["maxQueue", "maxTasksPerWorker", "maxHeapMB", "idleTimeout", "timeout", "totalTimeout"] as const) {
      const problem = notALimit(key, options[key]);
      if (problem) throw problem;
    }
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${String(options.concurrency)}`);
    }
    if (options.isolation === "process" && !host.startProcess) {
      throw new RangeError(`isolation "process" needs a runtime that starts processes; ${host.runtime().name} cannot`);
    }
    this.#host = host;
    this.#options = options;
    this.#concurrency = concurrency;
    // Each job reaches the others through `parts`, filled in here before any of them runs.
    const parts = { host, url, options, size: maxSize, minSize, concurrency } as { -readonly [K in keyof PoolParts]: PoolParts[K] };
    parts.workers = this.#workers = lifecycle(parts, this.#stats);
    parts.dispatch = this.#dispatch = dispatcher(parts);
    parts.sweep = this.#sweep = timerSweep(parts);
    parts.settle = this.#settle = settler(parts, this.#stats);
    parts.channel = this.#channel = sharedChannel(parts);
    this.#workers.refill();
    this.api = this.with({});
  }

  /** `T`'s methods with per-call options applied to each call. */
  with(options: CallOptions): PoolApi<T> {
    // One function per method, made on first use: a call allocates no function of its own.
    const made = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    return new Proxy({} as PoolApi<T>, {
      get: (_target, method) => {
        if (typeof method !== "string" || method === "then") return undefined;
        let fn = made.get(method);
        if (!fn) made.set(method, (fn = (...args: unknown[]) => this.run(method as MethodName<T>, args as never, options)));
        return fn;
      },
    });
  }

  /** Calls `method` with `args` on the next free worker. */
  run<K extends MethodName<T>>(
    method: K,
    args: MethodArgs<T, K>,
    options: CallOptions = {},
  ): Promise<MethodResult<T, K>> {
    if (this.#workers.closed || this.#closing) return Promise.reject(new PoolClosedError());
    const broken = this.#workers.broken;
    if (broken) return Promise.reject(broken);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // Read once, here: the timer sweep must not see a later change to the caller's options object.
    const timeout = options.timeout ?? this.#options.timeout;
    const total = options.totalTimeout ?? this.#options.totalTimeout;
    const problem = notALimit("timeout", options.timeout) ?? notALimit("totalTimeout", options.totalTimeout);
    if (problem) return Promise.reject(problem);
    const maxQueue = this.#options.maxQueue;
    if (!this.#settle.admit(maxQueue)) return Promise.reject(new QueueFullError(maxQueue!));
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.#nextCall++,
        method,
        args: args as unknown[],
        options,
        resolve: resolve as (v: unknown) => void,
        reject,
        settled: false,
        phase: "queued",
        slot: -1,
        worker: undefined,
        created: 0, // set below if the call waits or has a totalTimeout, else at dispatch: one clock reading saved per call
        start: 0,
        runMs: -1,
        timeout: timeout ?? Infinity,
        totalTimeout: total ?? Infinity,
        armed: 0,
        cleanup: noop,
      };
      if (signal) {
        const onAbort = () => this.#settle.fail(task, abortReason(signal), true);
        signal.addEventListener("abort", onAbort, { once: true });
        onSettle(task, () => signal.removeEventListener("abort", onAbort));
      }
      if (total !== undefined && total !== Infinity) this.#sweep.called(task);
      this.#dispatch.enqueue(task);
      if (task.phase === "queued" && !task.settled && task.created === 0) task.created = this.#host.now();
    });
  }

  /** Resolves once every worker has started and answered once; rejects if they cannot start. */
  ready(): Promise<void> {
    return this.#workers.ready();
  }

  get stats(): PoolStats {
    const { busy, unclaimed: waiting } = this.#dispatch.busy();
    const now = this.#host.now();
    const workers = this.#workers.list;
    let liveMs = 0;
    for (const w of workers) liveMs += now - w.born;
    const s = this.#stats;
    return {
      workers: workers.length,
      busy: busy.size,
      queued: this.#dispatch.queued + waiting,
      inFlight: this.#dispatch.inFlight - waiting,
      completed: s.completed,
      failed: s.failed,
      replaced: s.replaced,
      recycled: s.recycled,
      ...s.percentiles(),
      utilization: s.utilization(liveMs, this.#concurrency),
      transport: this.#channel.transport,
    };
  }

  /** Resolves when no call waits beyond those the workers run at once: there is room for more (see `maxQueue`). */
  drained(): Promise<void> {
    return this.#settle.drained();
  }

  /**
   * Ends every worker. Without options, queued and running calls reject with
   * PoolClosedError at once; with `{ timeout }` they get that long to finish.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    const grace = options.timeout;
    const deadline = this.#host.now() + (grace ?? 0);
    if (!this.#workers.closed && !this.#closing && grace !== undefined && grace > 0 && this.#settle.pending > 0) {
      this.#closing = true; // new calls are refused from now on
      await within(this.#settle.emptied(), grace);
    }
    if (!this.#workers.closed) {
      this.#workers.close();
      this.#dispatch.failAll(() => new PoolClosedError());
      this.#sweep.clear();
      this.#workers.retireAll();
      this.#channel.close();
    }
    // A worker that ignores terminate() (a Deno thread in a tight loop) must not hang the caller.
    await within(this.#workers.terminated(), Math.max(deadline - this.#host.now(), grace === undefined ? CLOSE_WAIT_MS : 0));
  }

  /**
   * Replaces every worker once its current calls are done (calls keep being
   * served meanwhile). Resolves when the old workers have ended.
   */
  async recycle(): Promise<void> {
    await this.#workers.recycleAll();
  }
}

function noop(): void {}

/** A RangeError when `value` is set and is not a number ≥ 0 (NaN included): a limit that could never be kept. */
function notALimit(key: string, value: unknown): RangeError | undefined {
  if (value === undefined || (typeof value === "number" && value >= 0)) return undefined;
  return new RangeError(`${key} must be a number ≥ 0, got ${String(value)}`);
}
