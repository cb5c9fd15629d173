import { PoolClosedError, QueueFullError, TaskTimeoutError, WorkerCrashedError, WorkerStartError, abortReason } from "../errors.ts";
import type { RuntimeAdapter, WorkerExit, WorkerHandle } from "../seam.ts";
import { CallStats } from "./call-stats.ts";
import type { CallOptions, CloseOptions, PoolOptions, PoolStats, Transport } from "./options.ts";
import type { Task, Worker } from "./records.ts";
import { SharedCalls } from "./shared-calls.ts";
import { IDLE_TIMEOUT_MS, sizesOf } from "./sizes.ts";
import { armAfter, LazyTimers } from "./lazy-timers.ts";
import { within } from "./within.ts";
import { CTRL, DEFAULT_SHAPE, OWN, PARK, bitCount, sharedMemoryAvailable, wakeParked } from "../channel/layout.ts";
import { deserializeThrow, messageOf, type Call, type Hello, type ToPool } from "../channel/protocol.ts";
import { unknownMethod } from "../channel/serve.ts";
import { transferablesOf } from "../channel/transfer.ts";

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
 */
export class Pool<T> {
  /** The most workers this pool runs at once (`maxSize`; for a fixed pool, its size). */
  readonly size: number;
  readonly minSize: number;
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
  /** close({ timeout }) is letting accepted calls finish: new ones are refused. */
  #closing = false;
  /** A worker failed to start and none has started since. */
  #startFailing = false;
  #nextWorker = 0;
  #nextCall = 1;
  #terminations = new Set<Promise<void>>();
  #stats = new CallStats();
  #lazyTimers = new LazyTimers(
    () => this.#adapter.now(),
    (now) => this.#sweepTimers(now),
  );
  /** Calls with a totalTimeout, not settled yet: it counts from the call, so the sweep looks at them queued as well. */
  #totals = new Set<Task>();
  /** Calls accepted and not settled yet. */
  #pending = 0;
  /** Resolved when `#pending` falls to the workers' capacity (drained()) or to 0 (a graceful close). */
  #drainWaiters: Array<() => void> = [];
  #emptyWaiters: Array<() => void> = [];
  /** Ends workers idle past `idleTimeout` (a pool that can shrink). */
  #reaper: ReturnType<typeof setInterval> | undefined;
  #methods: string[] | undefined;
  #methodIndex: Map<string, number> | undefined;
  #shared: SharedCalls | undefined;
  #transport: Transport;
  #pumpQueued = false;
  #concurrency: number;
  /** Set when no worker can start (bad module, syntax error): every call fails with it. */
  #broken: Error | undefined;

  constructor(adapter: RuntimeAdapter, url: URL | string, options: PoolOptions = {}) {
    const { minSize, maxSize } = sizesOf(options, adapter.cpuCount());
    this.size = maxSize;
    this.minSize = minSize;
    for (const key of ["maxQueue", "maxTasksPerWorker", "maxHeapMB", "idleTimeout", "timeout", "totalTimeout"] as const) {
      const problem = notALimit(key, options[key]);
      if (problem) throw problem;
    }
    this.#concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${String(options.concurrency)}`);
    }
    if (options.isolation === "process" && !adapter.startProcess) {
      throw new RangeError(`isolation "process" needs a runtime that starts processes; ${adapter.runtime().name} cannot`);
    }
    this.#adapter = adapter;
    this.#url = url;
    this.#options = options;
    this.#transport = options.transport !== "message" && sharedMemoryAvailable() ? "shared-memory" : "message";
    for (let i = 0; i < minSize; i++) this.#spawn();
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
    if (this.#closed || this.#closing) return Promise.reject(new PoolClosedError());
    if (this.#broken) return Promise.reject(this.#broken);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // Read once, here: the timer sweep must not see a later change to the caller's options object.
    const timeout = options.timeout ?? this.#options.timeout;
    const total = options.totalTimeout ?? this.#options.totalTimeout;
    const problem = notALimit("timeout", options.timeout) ?? notALimit("totalTimeout", options.totalTimeout);
    if (problem) return Promise.reject(problem);
    const maxQueue = this.#options.maxQueue;
    if (maxQueue !== undefined && this.#pending >= this.#capacity + maxQueue) return Promise.reject(new QueueFullError(maxQueue));
    this.#pending++;
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
        const onAbort = () => this.#fail(task, abortReason(signal), true);
        signal.addEventListener("abort", onAbort, { once: true });
        this.#onSettle(task, () => signal.removeEventListener("abort", onAbort));
      }
      if (total !== undefined && total !== Infinity) {
        task.created = this.#adapter.now();
        this.#totals.add(task);
        this.#lazyTimers.due(task.created + armAfter(total));
      }
      this.#queue.push(task);
      this.#dispatch();
      if (task.phase === "queued" && !task.settled && task.created === 0) task.created = this.#adapter.now();
    });
  }

  /** Resolves once every worker has started and answered once; rejects if they cannot start. */
  async ready(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.started));
    if (this.#broken) throw this.#broken;
  }

  get stats(): PoolStats {
    const { busy, unclaimed: waiting } = this.#busyWorkers();
    const now = this.#adapter.now();
    let liveMs = 0;
    for (const w of this.#workers) liveMs += now - w.born;
    const s = this.#stats;
    return {
      workers: this.#workers.length,
      busy: busy.size,
      queued: this.#queue.length + waiting,
      inFlight: this.#byId.size + (this.#shared?.inFlight ?? 0) - waiting,
      completed: s.completed,
      failed: s.failed,
      replaced: s.replaced,
      recycled: s.recycled,
      ...s.percentiles(),
      utilization: s.utilization(liveMs, this.#concurrency),
      transport: this.#transport,
    };
  }

  /** Resolves when no call waits beyond those the workers run at once: there is room for more (see `maxQueue`). */
  drained(): Promise<void> {
    if (this.#pending <= this.#capacity) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /**
   * Ends every worker. Without options, queued and running calls reject with
   * PoolClosedError at once; with `{ timeout }` they get that long to finish.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    const grace = options.timeout;
    const deadline = this.#adapter.now() + (grace ?? 0);
    if (!this.#closed && !this.#closing && grace !== undefined && grace > 0 && this.#pending > 0) {
      this.#closing = true; // new calls are refused from now on
      await within(new Promise<void>((resolve) => this.#emptyWaiters.push(resolve)), grace);
    }
    if (!this.#closed) {
      this.#closed = true;
      if (this.#reaper !== undefined) clearInterval(this.#reaper);
      for (const task of this.#queue.splice(0)) this.#fail(task, new PoolClosedError(), false);
      this.#shared?.abandonAll((task) => this.#fail(task, new PoolClosedError(), false));
      for (const task of [...this.#byId.values()]) this.#fail(task, new PoolClosedError(), false);
      this.#lazyTimers.clear();
      this.#totals.clear();
      for (const worker of [...this.#workers]) this.#retire(worker);
      this.#shared?.close();
    }
    // A worker that ignores terminate() (a Deno thread in a tight loop) must not hang the caller.
    await within(Promise.all(this.#terminations), Math.max(deadline - this.#adapter.now(), grace === undefined ? CLOSE_WAIT_MS : 0));
  }

  /**
   * Replaces every worker once its current calls are done (calls keep being
   * served meanwhile). Resolves when the old workers have ended.
   */
  async recycle(): Promise<void> {
    const old = this.#workers.filter((w) => !w.retiring);
    const ended = old.map((w) => this.#recycleWorker(w));
    await Promise.all(ended);
  }

  #spawn(): void {
    const id = this.#nextWorker++;
    let handle: WorkerHandle;
    try {
      const { resourceLimits, isolation } = this.#options;
      const name = `${this.#options.name ?? "threadlab"}-${id}`;
      handle =
        isolation === "process"
          ? this.#adapter.startProcess!({ name, module: this.#url, ...(resourceLimits ? { resourceLimits } : {}) })
          : this.#adapter.startWorker(this.#url, { name, ...(resourceLimits ? { resourceLimits } : {}) });
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
      retiring: false,
      born: this.#adapter.now(),
      lastActive: this.#adapter.now(),
      tasks: 0,
      heapMB: 0,
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
        // One reading for both paths: #finished reads the shared word where the worker has one.
        if (message.h !== undefined) {
          if (worker.own) Atomics.store(worker.own, OWN.heapMB, message.h);
          else worker.heapMB = message.h;
        }
        if (task.phase === "message") task.worker!.messageCalls--;
        if (message.t === "ret") this.#settle(task, worker.id, true, () => task.resolve(message.v));
        else this.#settle(task, worker.id, false, () => task.reject(deserializeThrow(message.e)));
        return;
      }
      case "nudge":
        return this.#pump();
      case "bye":
        // The worker ended itself (self.close() in a page): no exit event will come.
        return this.#onExit(worker, { error: new Error("the worker closed itself (self.close())") });
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
    this.#startFailing = false;
    if (this.#transport === "shared-memory" && worker.handle.sharesMemory !== false) {
      const c = this.#options.channel ?? {};
      this.#shared ??= new SharedCalls(
        { slots: c.slots ?? DEFAULT_SHAPE.slots, slotBytes: c.slotBytes ?? DEFAULT_SHAPE.slotBytes },
        { spinUs: c.spinUs ?? 50, maxSpinUs: c.maxSpinUs ?? 1000, cores: this.#adapter.cpuCount() },
        {
          now: () => this.#adapter.now(),
          settle: (task, workerId, value, runMs) => {
            task.runMs = runMs;
            this.#settle(task, workerId, true, () => task.resolve(value));
          },
          byMessage: (task, workerId, runMs) => {
            task.runMs = runMs;
            task.phase = "answer";
            // Found: a worker that dies with the answer on its way fails its byMessage slots first (abandonOwnedBy).
            task.worker = this.#workers.find((w) => w.id === workerId);
            this.#byId.set(task.id, task);
          },
          freed: () => this.#dispatch(),
          nudge: () => this.#nudgeWorker(),
          awake: () => this.#parkCensus().awake,
          backlog: () => this.#queue.length > 0,
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
        heapCheck: this.#options.maxHeapMB !== undefined,
        ...(this.#options.maxTasksPerWorker !== undefined ? { maxCalls: this.#options.maxTasksPerWorker } : {}),
      });
    } else if (this.#transport === "shared-memory" && !this.#shared) {
      this.#transport = "message"; // a process: no memory to share
    }
    resolveStart();
    this.#dispatch();
  }

  /** Workers polling for calls, workers not asleep (polling included), and the first one asleep that can take a call. */
  #parkCensus(): { polling: number; awake: number; sleeper: Worker | undefined } {
    let polling = 0;
    let awake = 0;
    let sleeper: Worker | undefined;
    for (const w of this.#workers) {
      if (!w.own || w.retired) continue;
      const park = Atomics.load(w.own, OWN.park);
      const up = park === PARK.polling || park === PARK.awake;
      if (up) awake++;
      // A retiring worker holds a core while it finishes, but takes no new call: not a poller to count on, nor a sleeper to wake.
      if (w.retiring) continue;
      if (park === PARK.polling) polling++;
      else if (!up) sleeper ??= w;
    }
    return { polling, awake, sleeper };
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
    if (this.#workers.length < this.size) this.#grow();
  }

  /** A pool below maxSize starts a worker for each call that would otherwise wait. */
  #grow(): void {
    // After a worker failed to start, a new one would too: wait for one that starts.
    if (this.#closed || this.#broken || this.#startFailing || this.minSize === this.size) return;
    const waiting = this.#queue.length + (this.#shared ? bitCount(this.#shared.ctrl, CTRL.posted) : 0);
    if (waiting === 0) return;
    let starting = 0;
    for (const w of this.#workers) if (!w.answered) starting++;
    const idle = this.#workers.length - starting - this.#busyWorkers().busy.size;
    for (let n = waiting - idle - starting; n > 0 && this.#workers.length < this.size; n--) this.#spawn();
    this.#watchIdle();
  }

  /** While the pool can shrink, ends workers idle for `idleTimeout`. */
  #watchIdle(): void {
    if (this.#reaper !== undefined || this.#workers.length <= this.minSize) return;
    const idleMs = this.#options.idleTimeout ?? IDLE_TIMEOUT_MS;
    this.#reaper = setInterval(() => {
      const { busy } = this.#busyWorkers();
      const now = this.#adapter.now();
      let live = this.#liveCount();
      for (const w of [...this.#workers]) {
        if (live <= this.minSize) break;
        if (w.retiring || !w.answered) continue;
        if (busy.has(w.id)) w.lastActive = now;
        else if (now - w.lastActive >= idleMs) {
          void this.#retireGracefully(w, false);
          live--;
        }
      }
      if (this.#retiringEnds.size > 0) this.#endRetiring();
      if (this.#workers.length <= this.minSize || this.#closed) {
        clearInterval(this.#reaper);
        this.#reaper = undefined;
      }
    }, Math.max(10, idleMs / 4));
  }

  /** Ids of the workers running a call (or with an answer on its way), and the calls in shared slots no worker has taken. */
  #busyWorkers(): { busy: Set<number>; unclaimed: number } {
    const busy = new Set<number>();
    for (const w of this.#workers) if (w.messageCalls > 0) busy.add(w.id);
    const unclaimed = this.#shared?.census(busy) ?? 0;
    for (const task of this.#byId.values()) if (task.worker) busy.add(task.worker.id);
    return { busy, unclaimed };
  }

  /** Calls the workers run at once. */
  get #capacity(): number {
    return this.size * this.#concurrency;
  }

  /** The started worker with the fewest calls sent by message, if one has room. */
  #messageTarget(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.#workers) {
      if (!w.answered || w.retired || w.retiring || w.messageCalls >= this.#concurrency) continue;
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
      const call: Call = { t: "call", id: task.id, m: task.method, a: task.args };
      if (this.#options.maxHeapMB !== undefined) call.h = 1;
      worker.handle.endpoint.postMessage(call, transfer);
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
    if (task.created === 0) task.created = task.start; // dispatched as it was called
    if (task.timeout !== Infinity) this.#lazyTimers.due(task.start + armAfter(task.timeout));
  }

  /**
   * The sweep (see LazyTimers): arms the timers of the calls that have run
   * past their step, in their workers or (totalTimeout) since the call, and
   * returns when the next will need one.
   */
  #sweepTimers(now: number): number {
    let next = Infinity;
    /** Arms `task`'s timer `bit` (limit `limit`, counted from `since`) with `arm(elapsed)` once its step is up, else notes when it will be. */
    const look = (task: Task, bit: number, since: number, limit: number, arm: (elapsedMs: number) => void) => {
      if (task.settled || task.armed & bit || limit === Infinity) return;
      const at = since + armAfter(limit);
      if (at > now) next = Math.min(next, at);
      else {
        task.armed |= bit;
        arm(now - since);
      }
    };
    const dispatched = (task: Task) => {
      if (task.start > 0) look(task, ARMED.run, task.start, task.timeout, (elapsed) => this.#runTimer(task, task.timeout, elapsed));
    };
    this.#shared?.forEachTask(dispatched);
    for (const task of this.#byId.values()) dispatched(task);
    for (const task of this.#totals) {
      const total = task.totalTimeout;
      look(task, ARMED.total, task.created, total, (elapsed) =>
        this.#timer(task, Math.max(0, total - elapsed), () => this.#fail(task, new TaskTimeoutError(total, task.method, "call"), true)),
      );
    }
    return next;
  }

  /** Marks `task` settled and drops what watched it (its timers, its abort listener, its place among the totalTimeout calls). */
  #ended(task: Task): void {
    task.settled = true;
    task.cleanup();
    if (this.#totals.size > 0) this.#totals.delete(task);
  }

  /** Adds `fn` to what runs when `task` settles (before what was there). */
  #onSettle(task: Task, fn: () => void): void {
    const cleanup = task.cleanup;
    task.cleanup = () => {
      fn();
      cleanup();
    };
  }

  /**
   * `timeout` counts from when a worker takes the call. Sent by message, a
   * call goes only to a worker with room. Written into a slot, it may wait
   * there for a busy worker, and nothing tells the caller when it is taken:
   * it is looked at every tenth of its timeout (at most every 10 ms) until it
   * is, then gets its timeout less that step. A call never runs longer than
   * its timeout, and at least 90% of it less the sweep's lateness. Armed
   * `elapsed` ms after dispatch (a step, or a little more when the sweep's
   * timer fires late: see #sweepTimers), a call taken by then gets its
   * timeout less that time.
   */
  #runTimer(task: Task, timeout: number, elapsed: number): void {
    const step = armAfter(timeout);
    const expire = () => this.#fail(task, new TaskTimeoutError(timeout, task.method), true);
    const untaken = () => task.phase === "slot" && !this.#shared!.taken(task);
    let timer: ReturnType<typeof setTimeout>;
    const look = () => {
      if (task.settled) return;
      timer = untaken() ? setTimeout(look, step) : setTimeout(expire, Math.max(0, timeout - step));
    };
    timer = untaken() ? setTimeout(look, step) : setTimeout(expire, Math.max(0, timeout - elapsed));
    this.#onSettle(task, () => clearTimeout(timer));
  }

  /** Runs `then` after `ms` unless `task` settles first. */
  #timer(task: Task, ms: number, then: () => void): void {
    const timer = setTimeout(then, ms);
    this.#onSettle(task, () => clearTimeout(timer));
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

  /** Normal completion: the worker returned (`ok`) or threw. */
  #settle(task: Task, workerId: number, ok: boolean, settle: () => void): void {
    if (task.settled) return;
    this.#ended(task);
    this.#record(task, workerId, ok);
    settle();
    this.#finished(task, workerId);
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
    this.#ended(task);
    // Settle first: replacing the worker may fail, and must never leave this call hanging.
    task.reject(error);
    this.#record(task, culprit?.id ?? task.worker?.id ?? -1, false);
    this.#finished(task, culprit?.id ?? task.worker?.id ?? -1);
    if (recycle && culprit) {
      this.#replace(culprit, { error: new Error(`terminated: another call on this worker, ${task.method}(), timed out or was aborted`) });
    }
    else this.#dispatch();
  }

  #record(task: Task, workerId: number, ok: boolean): void {
    const s = this.#stats;
    if (ok) s.completed++;
    else s.failed++;
    if (task.start === 0) return; // never reached a worker
    const { onTask } = this.#options;
    // A short call its worker did not time (one in 8 is): no clock reading here either, unless a timeline wants it.
    if (Number.isNaN(task.runMs)) {
      s.untimed();
      if (!onTask) return;
    }
    const end = this.#adapter.now();
    if (!Number.isNaN(task.runMs)) {
      // Through shared memory the worker timed the run; the rest, queue and slot, was waiting.
      const run = task.runMs >= 0 ? task.runMs : end - task.start;
      s.timed(Math.max(0, end - task.created - run), run);
    }
    onTask?.({ workerId, method: task.method, start: task.start, end, ok });
  }

  /** After any call settles: back-pressure waiters, and the worker's own count (recycling, idleness). */
  #finished(task: Task, workerId: number): void {
    this.#pending--;
    if (this.#pending <= this.#capacity && this.#drainWaiters.length > 0) for (const wake of this.#drainWaiters.splice(0)) wake();
    if (this.#pending === 0 && this.#emptyWaiters.length > 0) for (const wake of this.#emptyWaiters.splice(0)) wake();
    if (task.start === 0 || workerId < 0) return;
    const { maxTasksPerWorker: max, maxHeapMB } = this.#options;
    if (max === undefined && maxHeapMB === undefined && this.#reaper === undefined && this.#retiringEnds.size === 0) return; // nothing below needs the worker
    const worker = this.#workers.find((w) => w.id === workerId);
    if (!worker) return;
    worker.lastActive = this.#adapter.now();
    worker.tasks++;
    const heapMB = worker.own ? Atomics.load(worker.own, OWN.heapMB) : worker.heapMB;
    const spent = (max !== undefined && worker.tasks >= max) || (maxHeapMB !== undefined && heapMB > maxHeapMB);
    if (spent && !worker.retiring) void this.#recycleWorker(worker);
    if (this.#retiringEnds.size > 0) this.#endRetiring();
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
    this.#startFailing = true;
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
    const wasRetiring = worker.retiring;
    // Retired first: failing its calls dispatches the queue, which must not pick this worker again.
    this.#retire(worker);
    this.#failCallsOn(worker, exit);
    if (this.#closed) return;
    if (!wasRetiring) this.#stats.replaced++;
    this.#refill();
    this.#dispatch();
  }

  /** Starts workers until `minSize` of them are not being recycled. */
  #refill(): void {
    for (let live = this.#liveCount(); live < this.minSize && !this.#closed; live++) this.#spawn();
  }

  /** Workers that take calls: not retiring. */
  #liveCount(): number {
    return this.#workers.length - this.#retiringEnds.size;
  }

  /** Workers retiring gracefully, not yet ended, each with what resolves its retirement. */
  #retiringEnds = new Map<Worker, () => void>();

  /** Stops `worker` taking calls, starts its replacement, and ends it once its calls are done. */
  #recycleWorker(worker: Worker): Promise<void> {
    if (worker.retiring || worker.retired) return Promise.resolve();
    this.#stats.recycled++;
    return this.#retireGracefully(worker, true);
  }

  /**
   * Ends `worker` once the calls it has are done; it takes no new one. The
   * flag goes up before the look at its calls: a worker that claims a slot
   * meanwhile either sees the flag and gives the call back, or is seen busy.
   */
  #retireGracefully(worker: Worker, replace: boolean): Promise<void> {
    worker.retiring = true;
    const ended = new Promise<void>((resolve) => this.#retiringEnds.set(worker, resolve));
    if (worker.own) {
      Atomics.store(worker.own, OWN.retired, 1);
      wakeParked(worker.own, OWN.park, () => worker.handle.endpoint.postMessage({ t: "nudge" }));
    }
    if (replace) this.#refill();
    if (!worker.answered) this.#retire(worker); // still starting: it has no call
    this.#endRetiring();
    this.#dispatch();
    return ended;
  }

  /** Ends the recycled workers that have no call left. */
  #endRetiring(): void {
    const { busy } = this.#busyWorkers();
    for (const w of [...this.#retiringEnds.keys()]) {
      if (busy.has(w.id)) continue;
      this.#retire(w);
    }
  }

  #retire(worker: Worker): void {
    // A worker is retired once: #workers and #retiringEnds only hold live ones.
    const ended = this.#retiringEnds.get(worker);
    this.#retiringEnds.delete(worker);
    if (worker.retired) return;
    worker.retired = true;
    this.#stats.workerEnded(this.#adapter.now() - worker.born);
    if (worker.own) {
      Atomics.store(worker.own, OWN.retired, 1);
      Atomics.store(worker.own, OWN.park, PARK.awake);
      Atomics.notify(worker.own, OWN.park);
    }
    worker.failStart(new PoolClosedError()); // no-op once the worker has answered
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    const done = worker.handle.terminate().catch(() => undefined);
    this.#terminations.add(done);
    void done.then(() => {
      this.#terminations.delete(done);
      ended?.();
    });
  }
}

function noop(): void {}

/** A RangeError when `value` is set and is not a number ≥ 0 (NaN included): a limit that could never be kept. */
function notALimit(key: string, value: unknown): RangeError | undefined {
  if (value === undefined || (typeof value === "number" && value >= 0)) return undefined;
  return new RangeError(`${key} must be a number ≥ 0, got ${String(value)}`);
}

/** Which of a call's timers the sweep has armed (Task.armed). */
const ARMED = { run: 1, total: 2 } as const;

function hasTransferables(args: unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (transferablesOf(args[i])) return true;
  return false;
}
