import { PoolClosedError, TaskTimeoutError, WorkerCrashedError, WorkerStartError, abortReason } from "../errors.ts";
import type { RuntimeAdapter, WorkerExit, WorkerHandle } from "../seam.ts";
import { SharedCalls } from "./shared-calls.ts";
import { CTRL, DEFAULT_SHAPE, OWN, PARK, bitCount, sharedMemoryAvailable, wakeParked, type ChannelShape } from "../channel/layout.ts";
import { deserializeThrow, messageOf, type Call, type Hello, type ToPool } from "../channel/protocol.ts";
import { unknownMethod } from "../channel/serve.ts";
import { transferablesOf } from "../channel/transfer.ts";

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
  /** Milliseconds before the call is rejected and, if running, its worker terminated and replaced. Counts from dispatch. */
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

/** How calls reach the workers. */
export type Transport = "shared-memory" | "message";

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
  /**
   * Calls one worker runs at once (default 1). Above 1, a worker whose call
   * returns a promise (waiting on I/O) takes further calls meanwhile; CPU-bound
   * calls run one at a time whatever this says.
   */
  concurrency?: number;
  /**
   * "auto" (default): calls go through shared memory where the runtime has
   * it (SharedArrayBuffer; in a page, cross-origin isolation), by message
   * otherwise. "message" forces the message protocol.
   */
  transport?: "auto" | "message";
  /**
   * Shared-memory tuning. `slots`: calls in flight at once over all workers
   * (default 64); `slotBytes`: the largest encoded call or result that goes
   * through shared memory (default 16 KiB; larger ones go by message);
   * `pollUs`: how long an idle worker keeps polling before it sleeps
   * (default 100 µs); `spinUs`: how long the calling thread polls for a
   * result with nothing arriving before it yields to its event loop
   * (default 50 µs; it never polls more than `maxSpinUs`, default 1000 µs, in one go).
   */
  channel?: Partial<ChannelShape> & { pollUs?: number; spinUs?: number; maxSpinUs?: number };
}

export interface PoolStats {
  /** Workers running at least one call. */
  busy: number;
  /** Calls no worker has taken yet. */
  queued: number;
  /** Calls a worker has taken (or is answering) and that have not settled yet. */
  inFlight: number;
  /** Workers replaced after a crash, a timeout or an abort. */
  replaced: number;
  transport: Transport;
}

/** One started worker as the pool sees it. */
export interface Worker {
  id: number;
  handle: WorkerHandle;
  retired: boolean;
  answered: boolean;
  /** Settles once the worker has said hello. */
  started: Promise<void>;
  failStart(error: Error): void;
  /** Its sleep word and retirement flag, shared with it (shared-memory transport). */
  own: Int32Array | undefined;
  /** Calls sent to it by message and not answered yet. */
  messageCalls: number;
}

export interface Task {
  id: number;
  method: string;
  args: unknown[];
  options: CallOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  /** Where it is: queued; in shared slot `slot`; sent to `worker` by message; or run, its answer on the way by message. */
  phase: "queued" | "slot" | "message" | "answer";
  slot: number;
  worker: Worker | undefined;
  start: number;
  cleanup(): void;
}

/**
 * A fixed-size pool of workers running one module that calls `expose()`.
 * Calls go through shared memory where the runtime has it (any worker takes
 * the next call, several calls in flight), by message otherwise. A worker
 * that crashes, hangs past its timeout or is aborted is terminated and
 * replaced, and every call settles exactly once.
 */
export class Pool<T> {
  readonly size: number;
  /** `T`'s methods, each call dispatched to an idle worker. */
  readonly api: PoolApi<T>;

  #adapter: RuntimeAdapter;
  #url: URL | string;
  #options: PoolOptions;
  #workers: Worker[] = [];
  #queue: Task[] = [];
  /** Calls whose answer comes by message, by call id. */
  #byId = new Map<number, Task>();
  #closed = false;
  #nextWorker = 0;
  #nextCall = 1;
  #terminations = new Set<Promise<void>>();
  #replaced = 0;
  #methods: string[] | undefined;
  #methodIndex: Map<string, number> | undefined;
  #shared: SharedCalls | undefined;
  #transport: Transport;
  #pumpQueued = false;
  #concurrency: number;
  /** Set when no worker can start (bad module, syntax error): every call fails with it. */
  #broken: Error | undefined;

  constructor(adapter: RuntimeAdapter, url: URL | string, options: PoolOptions = {}) {
    const size = options.size ?? adapter.cpuCount();
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`pool size must be a positive integer, got ${String(options.size)}`);
    }
    this.size = size;
    this.#concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${String(options.concurrency)}`);
    }
    this.#adapter = adapter;
    this.#url = url;
    this.#options = options;
    this.#transport = options.transport !== "message" && sharedMemoryAvailable() ? "shared-memory" : "message";
    for (let i = 0; i < size; i++) this.#spawn();
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
    if (this.#closed) return Promise.reject(new PoolClosedError());
    if (this.#broken) return Promise.reject(this.#broken);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
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
        start: 0,
        cleanup: noop,
      };
      if (signal) {
        const onAbort = () => this.#fail(task, abortReason(signal), true);
        signal.addEventListener("abort", onAbort, { once: true });
        task.cleanup = () => signal.removeEventListener("abort", onAbort);
      }
      this.#queue.push(task);
      this.#dispatch();
    });
  }

  /** Resolves once every worker has started and answered once; rejects if they cannot start. */
  async ready(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.started));
    if (this.#broken) throw this.#broken;
  }

  get stats(): PoolStats {
    const busy = new Set<number>();
    for (const w of this.#workers) if (w.messageCalls > 0) busy.add(w.id);
    const waiting = this.#shared?.census(busy) ?? 0;
    return {
      busy: busy.size,
      queued: this.#queue.length + waiting,
      inFlight: this.#byId.size + (this.#shared?.inFlight ?? 0) - waiting,
      replaced: this.#replaced,
      transport: this.#transport,
    };
  }

  /** Rejects pending and running calls and ends every worker. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      for (const task of this.#queue.splice(0)) this.#fail(task, new PoolClosedError(), false);
      this.#shared?.abandonAll((task) => this.#fail(task, new PoolClosedError(), false));
      for (const task of [...this.#byId.values()]) this.#fail(task, new PoolClosedError(), false);
      for (const worker of [...this.#workers]) this.#retire(worker);
      this.#shared?.close();
    }
    await Promise.all(this.#terminations);
  }

  #spawn(): void {
    const id = this.#nextWorker++;
    let handle: WorkerHandle;
    try {
      handle = this.#adapter.startWorker(this.#url, { name: `${this.#options.name ?? "threadlab"}-${id}` });
    } catch (error) {
      // The runtime refused outright (spawn failed, SecurityError, no file descriptors): a start failure, not a throw.
      this.#noneLeftToStart(new WorkerStartError({ error: error instanceof Error ? error : new Error(String(error)) }));
      return;
    }
    let resolveStart!: () => void;
    let rejectStart!: (error: Error) => void;
    const started = new Promise<void>((resolve, reject) => {
      resolveStart = resolve;
      rejectStart = reject;
    });
    started.catch(() => undefined); // observed through ready(), if anyone asks
    const worker: Worker = {
      id,
      handle,
      retired: false,
      answered: false,
      started,
      failStart: rejectStart,
      own: undefined,
      messageCalls: 0,
    };
    // A worker alive but silent (never calls expose(), stuck loading) fails to start too, instead of hanging ready().
    const limit = this.#options.startTimeout ?? 60_000;
    const deadline = setTimeout(() => {
      if (!worker.answered && !worker.retired) this.#startFailed(worker, { error: new Error(`it did not answer within ${limit} ms`) });
    }, limit);
    const stop = () => clearTimeout(deadline);
    started.then(stop, stop);
    handle.endpoint.addEventListener("message", ((event: MessageEvent) => {
      const message = messageOf<ToPool>(event.data);
      if (message && !worker.retired) this.#onMessage(worker, message, resolveStart);
    }) as never);
    handle.onExit((exit) => this.#onExit(worker, exit));
    this.#workers.push(worker);
  }

  #onMessage(worker: Worker, message: ToPool, resolveStart: () => void): void {
    switch (message.t) {
      case "hello":
        return this.#hello(worker, message, resolveStart);
      case "ret":
      case "err": {
        this.#shared?.harvest(); // a result sent by message may belong to a slot not looked at yet
        const task = this.#byId.get(message.id);
        if (!task) return; // settled already (timeout, abort): nothing waits for it
        this.#byId.delete(message.id);
        if (task.phase === "message") task.worker!.messageCalls--;
        if (message.t === "ret") this.#settle(task, worker.id, () => task.resolve(message.v));
        else this.#settle(task, worker.id, () => task.reject(deserializeThrow(message.e)));
        return;
      }
      case "nudge":
        return this.#pump();
    }
  }

  #hello(worker: Worker, hello: Hello, resolveStart: () => void): void {
    if (worker.answered) return;
    worker.answered = true;
    if (!this.#methods) {
      this.#methods = hello.methods;
      this.#methodIndex = new Map(hello.methods.map((m, i) => [m, i]));
    }
    this.#broken = undefined; // a worker is up after all (an earlier one could not start)
    if (this.#transport === "shared-memory" && worker.handle.sharesMemory !== false) {
      const c = this.#options.channel ?? {};
      this.#shared ??= new SharedCalls(
        { slots: c.slots ?? DEFAULT_SHAPE.slots, slotBytes: c.slotBytes ?? DEFAULT_SHAPE.slotBytes },
        { spinUs: c.spinUs ?? 50, maxSpinUs: c.maxSpinUs ?? 1000, cores: this.#adapter.cpuCount() },
        {
          now: () => this.#adapter.now(),
          settle: (task, workerId, value) => this.#settle(task, workerId, () => task.resolve(value)),
          byMessage: (task, workerId) => {
            task.phase = "answer";
            task.worker = this.#workers.find((w) => w.id === workerId);
            this.#byId.set(task.id, task);
          },
          freed: () => this.#dispatch(),
          nudge: () => this.#nudgeWorker(),
          pollers: () => this.#parkCensus().polling,
        },
      );
      const own = new SharedArrayBuffer(OWN.words * 4);
      worker.own = new Int32Array(own);
      worker.handle.endpoint.postMessage({
        t: "init",
        buffer: this.#shared.buffer,
        own,
        worker: worker.id,
        slots: this.#shared.shape.slots,
        slotBytes: this.#shared.shape.slotBytes,
        pollUs: c.pollUs ?? 100,
        concurrency: this.#concurrency,
      });
    } else if (this.#transport === "shared-memory" && !this.#shared) {
      this.#transport = "message"; // a process: no memory to share
    }
    resolveStart();
    this.#dispatch();
  }

  /** Workers polling for calls, and the first one asleep. */
  #parkCensus(): { polling: number; sleeper: Worker | undefined } {
    let polling = 0;
    let sleeper: Worker | undefined;
    for (const w of this.#workers) {
      if (!w.own || w.retired) continue;
      const park = Atomics.load(w.own, OWN.park);
      if (park === PARK.polling) polling++;
      else if (park !== PARK.awake) sleeper ??= w;
    }
    return { polling, sleeper };
  }

  /** Calls wait unclaimed: wakes a sleeping worker unless enough workers are already polling for them. */
  #nudgeWorker(): void {
    const { polling, sleeper } = this.#parkCensus();
    if (!sleeper || bitCount(this.#shared!.ctrl, CTRL.posted) <= polling) return;
    // A sleeper that woke meanwhile looks at the slots before sleeping again: nothing to do then.
    wakeParked(sleeper.own!, OWN.park, () => sleeper.handle.endpoint.postMessage({ t: "nudge" }));
  }

  #dispatch(): void {
    const queue = this.#queue;
    let wrote = false;
    while (queue.length > 0) {
      const task = queue[0]!;
      const method = this.#methodIndex?.get(task.method);
      if (this.#methods && method === undefined) {
        queue.shift();
        this.#fail(task, unknownMethod(task.method, this.#methods), false);
        continue;
      }
      const shared = this.#shared;
      if (shared && !hasTransferables(task.args)) {
        const put = shared.put(task, method!);
        if (put === "full") break;
        if (put === "written") {
          queue.shift();
          this.#dispatched(task);
          wrote = true;
          continue;
        }
        // "unfit": not a shape shared memory carries, or too large; by message instead
      }
      const worker = this.#messageTarget();
      if (!worker) break;
      queue.shift();
      this.#send(worker, task);
    }
    if (wrote) this.#schedulePump();
  }

  /** The started worker with the fewest calls sent by message, if one has room. */
  #messageTarget(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.#workers) {
      if (!w.answered || w.retired || w.messageCalls >= this.#concurrency) continue;
      if (!best || w.messageCalls < best.messageCalls) best = w;
    }
    return best;
  }

  #send(worker: Worker, task: Task): void {
    task.worker = worker;
    task.phase = "message";
    worker.messageCalls++;
    this.#byId.set(task.id, task);
    this.#dispatched(task);
    const transfer = task.args.flatMap((a) => transferablesOf(a) ?? []);
    try {
      worker.handle.endpoint.postMessage({ t: "call", id: task.id, m: task.method, a: task.args } satisfies Call, transfer);
    } catch (error) {
      // The arguments cannot be cloned (a function, a symbol): the caller's mistake, the worker is fine.
      this.#byId.delete(task.id);
      worker.messageCalls--;
      task.worker = undefined;
      task.phase = "queued";
      this.#fail(task, error, false);
    }
  }

  /** Starts the call's clock and its timeout. */
  #dispatched(task: Task): void {
    task.start = this.#adapter.now();
    const timeout = task.options.timeout ?? this.#options.timeout;
    if (timeout !== undefined && timeout !== Infinity) {
      const timer = setTimeout(() => this.#fail(task, new TaskTimeoutError(timeout, task.method), true), timeout);
      const cleanup = task.cleanup;
      task.cleanup = () => {
        clearTimeout(timer);
        cleanup();
      };
    }
  }

  #schedulePump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    // After the caller's synchronous code: a burst of calls is written first, then one poll serves them all.
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    this.#shared?.pump();
  }

  /** Normal completion. */
  #settle(task: Task, workerId: number, settle: () => void): void {
    if (task.settled) return;
    task.settled = true;
    task.cleanup();
    this.#record(task, workerId, true);
    settle();
    this.#dispatch();
  }

  /** Abnormal completion; `recycle` replaces the worker that was running it. */
  #fail(task: Task, error: unknown, recycle: boolean): void {
    if (task.settled) return;
    let culprit: Worker | undefined;
    if (task.phase === "slot") {
      const outcome = this.#shared!.abandon(task);
      // Already written back: the result wins over the timeout or abort, and arrives through harvest.
      if (outcome === "answered") return;
      if (outcome !== "unclaimed") culprit = this.#workers.find((w) => w.id === outcome);
    } else if (task.phase === "message" || task.phase === "answer") {
      this.#byId.delete(task.id);
      // Sent by message, it may be running; with its answer on the way, the worker is done with it.
      if (task.phase === "message") {
        culprit = task.worker;
        task.worker!.messageCalls--;
      }
    } else {
      const i = this.#queue.indexOf(task);
      if (i >= 0) this.#queue.splice(i, 1);
    }
    task.settled = true;
    task.cleanup();
    // Settle first: replacing the worker may fail, and must never leave this call hanging.
    task.reject(error);
    if (task.start > 0) this.#record(task, culprit?.id ?? task.worker?.id ?? -1, false);
    if (recycle && culprit) {
      this.#replace(culprit, { error: new Error(`terminated: another call on this worker, ${task.method}(), timed out or was aborted`) });
    }
    else this.#dispatch();
  }

  #record(task: Task, workerId: number, ok: boolean): void {
    this.#options.onTask?.({ workerId, method: task.method, start: task.start, end: this.#adapter.now(), ok });
  }

  #onExit(worker: Worker, exit: WorkerExit): void {
    if (worker.retired) return;
    if (!worker.answered) return this.#startFailed(worker, exit);
    this.#replace(worker, exit);
  }

  /** Every call the worker had (running, or its answer on the way by message) fails with WorkerCrashedError. */
  #failCallsOn(worker: Worker, exit: WorkerExit): void {
    if (worker.own) Atomics.store(worker.own, OWN.retired, 1);
    this.#shared?.abandonOwnedBy(worker.id, (task) => this.#fail(task, new WorkerCrashedError(task.method, exit), false));
    for (const task of [...this.#byId.values()]) {
      if (task.worker === worker) this.#fail(task, new WorkerCrashedError(task.method, exit), false);
    }
  }

  /**
   * A worker that dies before answering anything would die again if replaced
   * (a missing module, a syntax error, a throw at its top level): it is not
   * replaced. Once no worker is left, the pool is broken and every call fails.
   */
  #startFailed(worker: Worker, exit: WorkerExit): void {
    const error = new WorkerStartError(exit);
    worker.failStart(error);
    this.#retire(worker);
    this.#noneLeftToStart(error);
  }

  /** With no worker left, the pool is broken: queued and later calls fail with `error`. */
  #noneLeftToStart(error: Error): void {
    if (this.#workers.length === 0 && !this.#closed) {
      this.#broken = error;
      for (const task of this.#queue.splice(0)) this.#fail(task, error, false);
    } else {
      this.#dispatch();
    }
  }

  /** Ends `worker` and starts another; calls it still had fail with `exit` (its crash, or a sibling's timeout). */
  #replace(worker: Worker, exit: WorkerExit): void {
    // Retired first: failing its calls dispatches the queue, which must not pick this worker again.
    this.#retire(worker);
    this.#failCallsOn(worker, exit);
    if (this.#closed) return;
    this.#replaced++;
    this.#spawn();
    this.#dispatch();
  }

  #retire(worker: Worker): void {
    if (worker.retired) return;
    worker.retired = true;
    if (worker.own) {
      Atomics.store(worker.own, OWN.retired, 1);
      Atomics.store(worker.own, OWN.park, PARK.awake);
      Atomics.notify(worker.own, OWN.park);
    }
    worker.failStart(new PoolClosedError()); // no-op once the worker has answered
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    const done = worker.handle.terminate().catch(() => undefined);
    this.#terminations.add(done);
    void done.then(() => this.#terminations.delete(done));
  }
}

function noop(): void {}

function hasTransferables(args: unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (transferablesOf(args[i])) return true;
  return false;
}
