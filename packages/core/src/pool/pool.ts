import { wrap, type Remote } from "comlink";
import { PoolClosedError, TaskTimeoutError, WorkerCrashedError, WorkerStartError, abortReason } from "../errors.ts";
import type { RuntimeAdapter, WorkerExit, WorkerHandle } from "../seam.ts";

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

export interface CallOptions {
  /** Aborting rejects the call; if it is running, its worker is terminated and replaced. */
  signal?: AbortSignal;
  /** Milliseconds before the call is rejected and its worker terminated and replaced. */
  timeout?: number;
}

export interface TaskRecord {
  workerId: number;
  method: string;
  /** Adapter clock (ms) when the call was sent and when it settled. */
  start: number;
  end: number;
  ok: boolean;
}

export interface PoolOptions {
  /** Number of workers, started at once. Defaults to the runtime's CPU count. */
  size?: number;
  /** Default per-call timeout in ms (none by default). */
  timeout?: number;
  /** Name given to each worker (shown in debuggers). */
  name?: string;
  /**
   * Milliseconds a new worker has to answer its first message (module loaded,
   * `expose()` called) before it counts as failed to start. Default 60 000.
   */
  startTimeout?: number;
  /** Called after every call settles; used for timelines. */
  onTask?: (record: TaskRecord) => void;
}

interface Slot<T> {
  id: number;
  handle: WorkerHandle;
  remote: Remote<T>;
  task: Task | undefined;
  retired: boolean;
  /** Settles once the worker has answered its first message. */
  started: Promise<void>;
  failStart(error: Error): void;
  answered: boolean;
}

interface Task {
  method: string;
  args: unknown[];
  options: CallOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  slot?: Slot<any>;
  start: number;
  cleanup(): void;
}

/**
 * A fixed-size pool of workers running one module that exposes `T` over
 * comlink. Calls queue and go to whichever worker is idle; a worker that
 * crashes, hangs past its timeout or is aborted is terminated and replaced.
 */
export class Pool<T> {
  readonly size: number;
  /** `T`'s methods, each call dispatched to an idle worker. */
  readonly api: PoolApi<T>;

  #adapter: RuntimeAdapter;
  #url: URL | string;
  #options: PoolOptions;
  #slots: Slot<T>[] = [];
  #queue: Task[] = [];
  #closed = false;
  #nextId = 0;
  #terminations = new Set<Promise<void>>();
  #replaced = 0;
  /** Set when no worker can start (bad module, syntax error): every call fails with it. */
  #broken: Error | undefined;

  constructor(adapter: RuntimeAdapter, url: URL | string, options: PoolOptions = {}) {
    const size = options.size ?? adapter.cpuCount();
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`pool size must be a positive integer, got ${String(options.size)}`);
    }
    this.size = size;
    this.#adapter = adapter;
    this.#url = url;
    this.#options = options;
    for (let i = 0; i < size; i++) this.#spawn();
    this.api = this.with({});
  }

  /** `T`'s methods with per-call options applied to each call. */
  with(options: CallOptions): PoolApi<T> {
    return new Proxy({} as PoolApi<T>, {
      get: (_target, method) =>
        typeof method === "string" && method !== "then"
          ? (...args: unknown[]) => this.run(method as MethodName<T>, args as never, options)
          : undefined,
    });
  }

  /** Calls `method` with `args` on the next idle worker. */
  run<K extends MethodName<T>>(
    method: K,
    args: MethodArgs<T, K>,
    options: CallOptions = {},
  ): Promise<MethodResult<T, K>> {
    if (this.#closed) return Promise.reject(new PoolClosedError());
    if (this.#broken) return Promise.reject(this.#broken);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const task: Task = {
        method,
        args: args as unknown[],
        options,
        resolve: resolve as (v: unknown) => void,
        reject,
        settled: false,
        start: 0,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      const onAbort = () => this.#fail(task, abortReason(signal!), true);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(task);
      this.#dispatch();
    });
  }

  /** Resolves once every worker has started and answered one message; rejects if they cannot start. */
  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.started));
    if (this.#broken) throw this.#broken;
  }

  /** Workers currently running a call, calls waiting, workers replaced so far. */
  get stats(): { busy: number; queued: number; replaced: number } {
    return {
      busy: this.#slots.filter((s) => s.task).length,
      queued: this.#queue.length,
      replaced: this.#replaced,
    };
  }

  /** Rejects pending and running calls and ends every worker. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      for (const task of this.#queue.splice(0)) this.#fail(task, new PoolClosedError(), false);
      for (const slot of [...this.#slots]) {
        if (slot.task) this.#fail(slot.task, new PoolClosedError(), false);
        this.#retire(slot);
      }
    }
    await Promise.all(this.#terminations);
  }

  #spawn(): void {
    const id = this.#nextId++;
    let handle: WorkerHandle;
    try {
      handle = this.#adapter.startWorker(this.#url, { name: `${this.#options.name ?? "threadlab"}-${id}` });
    } catch (error) {
      // The runtime refused outright (spawn failed, SecurityError, no file descriptors): a start failure, not a throw.
      this.#noneLeftToStart(new WorkerStartError({ error: error instanceof Error ? error : new Error(String(error)) }));
      return;
    }
    const remote = wrap<T>(handle.endpoint);
    let resolveStart!: () => void;
    let rejectStart!: (error: Error) => void;
    const started = new Promise<void>((resolve, reject) => {
      resolveStart = resolve;
      rejectStart = reject;
    });
    started.catch(() => undefined); // observed through ready(), if anyone asks
    const slot: Slot<T> = { id, handle, remote, task: undefined, retired: false, answered: false, started, failStart: rejectStart };
    // A worker alive but silent (never calls expose(), stuck loading) fails to start too, instead of hanging ready().
    const limit = this.#options.startTimeout ?? 60_000;
    const deadline = setTimeout(() => {
      if (!slot.answered && !slot.retired) this.#startFailed(slot, { error: new Error(`it did not answer within ${limit} ms`) });
    }, limit);
    started.then(
      () => clearTimeout(deadline),
      () => clearTimeout(deadline),
    );
    ping(remote).then(() => {
      slot.answered = true;
      this.#broken = undefined; // a worker is up after all (an earlier one could not start)
      resolveStart();
      this.#dispatch();
    }, rejectStart);
    handle.onExit((exit) => this.#onExit(slot, exit));
    this.#slots.push(slot);
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      // Only a worker that has answered gets calls: one that dies before then failed to start, not mid-call.
      const slot = this.#slots.find((s) => s.answered && !s.task && !s.retired);
      if (!slot) return;
      this.#execute(slot, this.#queue.shift()!);
    }
  }

  #execute(slot: Slot<T>, task: Task): void {
    slot.task = task;
    task.slot = slot;
    task.start = this.#adapter.now();
    const timeout = task.options.timeout ?? this.#options.timeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeout !== undefined && timeout !== Infinity) {
      timer = setTimeout(() => this.#fail(task, new TaskTimeoutError(timeout, task.method), true), timeout);
    }
    const cleanup = task.cleanup;
    task.cleanup = () => {
      clearTimeout(timer);
      cleanup();
    };
    const fn = (slot.remote as any)[task.method] as (...a: unknown[]) => Promise<unknown>;
    fn(...task.args).then(
      (value) => this.#settle(task, () => task.resolve(value)),
      (error) => this.#settle(task, () => task.reject(error)),
    );
  }

  /** Normal completion: the worker is healthy and free again. */
  #settle(task: Task, settle: () => void): void {
    if (task.settled) return;
    task.settled = true;
    task.cleanup();
    const slot = task.slot!;
    slot.task = undefined;
    this.#record(task, slot, true);
    settle();
    this.#dispatch();
  }

  /** Abnormal completion; `recycle` replaces the worker that was running it. */
  #fail(task: Task, error: unknown, recycle: boolean): void {
    if (task.settled) return;
    task.settled = true;
    task.cleanup();
    const slot = task.slot;
    if (!slot) {
      const i = this.#queue.indexOf(task);
      if (i >= 0) this.#queue.splice(i, 1);
    }
    // Settle first: replacing the worker may fail, and must never leave this call hanging.
    task.reject(error);
    if (slot) {
      slot.task = undefined;
      this.#record(task, slot, false);
      if (recycle) this.#replace(slot);
    }
  }

  #record(task: Task, slot: Slot<T>, ok: boolean): void {
    this.#options.onTask?.({ workerId: slot.id, method: task.method, start: task.start, end: this.#adapter.now(), ok });
  }

  #onExit(slot: Slot<T>, exit: WorkerExit): void {
    if (slot.retired) return;
    if (!slot.answered) return this.#startFailed(slot, exit);
    if (slot.task) this.#fail(slot.task, new WorkerCrashedError(slot.task.method, exit), false);
    this.#replace(slot);
  }

  /**
   * A worker that dies before answering anything would die again if replaced
   * (a missing module, a syntax error, a throw at its top level): it is not
   * replaced. Once no worker is left, the pool is broken and every call fails.
   */
  #startFailed(slot: Slot<T>, exit: WorkerExit): void {
    const error = new WorkerStartError(exit);
    slot.failStart(error);
    this.#retire(slot);
    this.#noneLeftToStart(error);
  }

  /** With no worker left, the pool is broken: queued and later calls fail with `error`. */
  #noneLeftToStart(error: Error): void {
    if (this.#slots.length === 0 && !this.#closed) {
      this.#broken = error;
      for (const task of this.#queue.splice(0)) this.#fail(task, error, false);
    } else {
      this.#dispatch();
    }
  }

  #replace(slot: Slot<T>): void {
    this.#retire(slot);
    if (this.#closed) return;
    this.#replaced++;
    this.#spawn();
    this.#dispatch();
  }

  #retire(slot: Slot<T>): void {
    if (slot.retired) return;
    slot.retired = true;
    slot.failStart(new PoolClosedError()); // no-op once the worker has answered
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    const done = slot.handle.terminate().catch(() => undefined);
    this.#terminations.add(done);
    void done.then(() => this.#terminations.delete(done));
  }
}

/** A comlink GET of a property nobody defines: one round trip, no side effects. */
function ping(remote: Remote<unknown>): Promise<unknown> {
  return (remote as any).__threadlab_ping__ as Promise<unknown>;
}
