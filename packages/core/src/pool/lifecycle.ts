import { PoolClosedError, WorkerCrashedError, WorkerStartError } from "./errors.ts";
import type { WorkerExit, WorkerHandle } from "./worker-host.ts";
import { OWN, PARK, wakeParked } from "../channel/layout.ts";
import { messageOf, type Hello, type ToPool } from "../channel/protocol.ts";
import type { CallStats } from "./call-stats.ts";
import type { PoolParts, WorkersPart } from "./parts.ts";
import type { Worker } from "./records.ts";
import { IDLE_TIMEOUT_MS } from "./sizes.ts";

/** The lifecycle as Pool sees it: the other jobs' view, and what only the API asks for. */
export interface Lifecycle extends WorkersPart {
  /** Set when no worker can start (bad module, syntax error): every call fails with it. */
  readonly broken: Error | undefined;
  readonly closed: boolean;
  /** Resolves once every worker has started and answered once; rejects if they cannot start. */
  ready(): Promise<void>;
  /** Starts workers until `minSize` of them are not being recycled. */
  refill(): void;
  /** Replaces every worker once its current calls are done; resolves when the old ones have ended. */
  recycleAll(): Promise<unknown>;
  /** Starts no more workers, and stops the idle reaper (the pool is closing). */
  close(): void;
  /** Ends every worker now. */
  retireAll(): void;
  /** Settles once every worker ended so far is gone. */
  terminated(): Promise<unknown>;
}

/**
 * The workers' lifecycle: starting one (and its first answer, hello), its
 * exit, replacing one that crashed or ran a call past its timeout, retiring,
 * recycling one that is spent (maxTasksPerWorker, maxHeapMB, recycle()), and
 * in a pool that can shrink, ending the ones idle too long.
 */
export function lifecycle(p: PoolParts, stats: CallStats): Lifecycle {
  const { host, options, url, size, minSize } = p;
  const workers: Worker[] = [];
  let nextWorker = 0;
  const terminations = new Set<Promise<void>>();
  /** Workers retiring gracefully, not yet ended, each with what resolves its retirement. */
  const retiringEnds = new Map<Worker, () => void>();
  /** Ends workers idle past `idleTimeout` (a pool that can shrink). */
  let reaper: ReturnType<typeof setInterval> | undefined;
  /** A worker failed to start and none has started since. */
  let startFailing = false;
  let broken: Error | undefined;
  let closed = false;

  const find = (id: number) => workers.find((w) => w.id === id);

  function spawn(): void {
    const id = nextWorker++;
    let handle: WorkerHandle;
    try {
      const { resourceLimits, isolation } = options;
      const start = { name: `${options.name ?? "threadlab"}-${id}`, ...(resourceLimits ? { resourceLimits } : {}) };
      handle = isolation === "process" ? host.startProcess!({ ...start, module: url }) : host.startWorker(url, start);
    } catch (error) {
      // The runtime refused outright (spawn failed, SecurityError, no file descriptors): a start failure, not a throw.
      noneLeftToStart(new WorkerStartError({ error: error instanceof Error ? error : new Error(String(error)) }));
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
      born: host.now(),
      lastActive: host.now(),
      tasks: 0,
      heapMB: 0,
    };
    // A worker alive but silent (never calls expose(), stuck loading) fails to start too, instead of hanging ready().
    const limit = options.startTimeout ?? 60_000;
    const deadline = setTimeout(() => {
      if (!worker.answered && !worker.retired) startFailed(worker, { error: new Error(`it did not answer within ${limit} ms`) });
    }, limit);
    const stop = () => clearTimeout(deadline);
    started.then(stop, stop);
    handle.endpoint.addEventListener("message", ((event: MessageEvent) => {
      const message = messageOf<ToPool>(event.data);
      if (message && !worker.retired) onMessage(worker, message, resolveStart);
    }) as never);
    handle.onExit((exit) => onExit(worker, exit));
    workers.push(worker);
  }

  function onMessage(worker: Worker, message: ToPool, resolveStart: () => void): void {
    switch (message.t) {
      case "hello":
        return hello(worker, message, resolveStart);
      case "ret":
      case "err":
        return p.dispatch.answer(worker, message);
      case "nudge":
        return p.dispatch.pump();
      case "bye":
        // The worker ended itself (self.close() in a page): no exit event will come.
        return onExit(worker, { error: new Error("the worker closed itself (self.close())") });
    }
  }

  function hello(worker: Worker, hello: Hello, resolveStart: () => void): void {
    if (worker.answered) return;
    worker.answered = true;
    p.dispatch.learn(hello.methods);
    broken = undefined; // a worker is up after all (an earlier one could not start)
    startFailing = false;
    p.channel.attach(worker);
    resolveStart();
    p.dispatch.dispatch();
  }

  function grow(): void {
    // After a worker failed to start, a new one would too: wait for one that starts.
    if (workers.length >= size || closed || broken || startFailing || minSize === size) return;
    const waiting = p.dispatch.waiting();
    if (waiting === 0) return;
    let starting = 0;
    for (const w of workers) if (!w.answered) starting++;
    const idle = workers.length - starting - p.dispatch.busy().busy.size;
    for (let n = waiting - idle - starting; n > 0 && workers.length < size; n--) spawn();
    watchIdle();
  }

  /** While the pool can shrink, ends workers idle for `idleTimeout`. */
  function watchIdle(): void {
    if (reaper !== undefined || workers.length <= minSize) return;
    const idleMs = options.idleTimeout ?? IDLE_TIMEOUT_MS;
    reaper = setInterval(() => {
      const { busy } = p.dispatch.busy();
      const now = host.now();
      let live = liveCount();
      for (const w of [...workers]) {
        if (live <= minSize) break;
        if (w.retiring || !w.answered) continue;
        if (busy.has(w.id)) w.lastActive = now;
        else if (now - w.lastActive >= idleMs) {
          void retireGracefully(w, false);
          live--;
        }
      }
      if (retiringEnds.size > 0) endRetiring();
      if (workers.length <= minSize || closed) {
        clearInterval(reaper);
        reaper = undefined;
      }
    }, Math.max(10, idleMs / 4));
  }

  function finished(workerId: number): void {
    const { maxTasksPerWorker: max, maxHeapMB } = options;
    if (max === undefined && maxHeapMB === undefined && reaper === undefined && retiringEnds.size === 0) return; // nothing below needs the worker
    const worker = find(workerId);
    if (!worker) return;
    worker.lastActive = host.now();
    worker.tasks++;
    const heapMB = worker.own ? Atomics.load(worker.own, OWN.heapMB) : worker.heapMB;
    const spent = (max !== undefined && worker.tasks >= max) || (maxHeapMB !== undefined && heapMB > maxHeapMB);
    if (spent && !worker.retiring) void recycle(worker);
    if (retiringEnds.size > 0) endRetiring();
  }

  function onExit(worker: Worker, exit: WorkerExit): void {
    if (worker.retired) return;
    if (!worker.answered) return startFailed(worker, exit);
    replace(worker, exit);
  }

  /**
   * A worker that dies before answering anything would die again if replaced
   * (a missing module, a syntax error, a throw at its top level): it is not
   * replaced. Once no worker is left, the pool is broken and every call fails.
   */
  function startFailed(worker: Worker, exit: WorkerExit): void {
    startFailing = true;
    const error = new WorkerStartError(exit);
    worker.failStart(error);
    retire(worker);
    noneLeftToStart(error);
  }

  /** With no worker left, the pool is broken: queued and later calls fail with `error`. */
  function noneLeftToStart(error: Error): void {
    if (workers.length === 0 && !closed) {
      broken = error;
      p.dispatch.failQueued(() => error);
    } else {
      p.dispatch.dispatch();
    }
  }

  function replace(worker: Worker, exit: WorkerExit): void {
    const wasRetiring = worker.retiring;
    // Retired first: failing its calls dispatches the queue, which must not pick this worker again.
    retire(worker);
    // Every call the worker had (running, or its answer on the way by message) fails with WorkerCrashedError.
    if (worker.own) Atomics.store(worker.own, OWN.retired, 1);
    p.dispatch.failHeldBy(worker, (task) => new WorkerCrashedError(task.method, exit));
    if (closed) return;
    if (!wasRetiring) stats.replaced++;
    refill();
    p.dispatch.dispatch();
  }

  function refill(): void {
    for (let live = liveCount(); live < minSize && !closed; live++) spawn();
  }

  /** Workers that take calls: not retiring. */
  function liveCount(): number {
    return workers.length - retiringEnds.size;
  }

  /** Stops `worker` taking calls, starts its replacement, and ends it once its calls are done. */
  function recycle(worker: Worker): Promise<void> {
    if (worker.retiring || worker.retired) return Promise.resolve();
    stats.recycled++;
    return retireGracefully(worker, true);
  }

  /**
   * Ends `worker` once the calls it has are done; it takes no new one. The
   * flag goes up before the look at its calls: a worker that claims a slot
   * meanwhile either sees the flag and gives the call back, or is seen busy.
   */
  function retireGracefully(worker: Worker, replace: boolean): Promise<void> {
    worker.retiring = true;
    const ended = new Promise<void>((resolve) => retiringEnds.set(worker, resolve));
    if (worker.own) {
      Atomics.store(worker.own, OWN.retired, 1);
      wakeParked(worker.own, OWN.park, () => worker.handle.endpoint.postMessage({ t: "nudge" }));
    }
    if (replace) refill();
    if (!worker.answered) retire(worker); // still starting: it has no call
    endRetiring();
    p.dispatch.dispatch();
    return ended;
  }

  /** Ends the recycled workers that have no call left. */
  function endRetiring(): void {
    const { busy } = p.dispatch.busy();
    for (const w of [...retiringEnds.keys()]) {
      if (busy.has(w.id)) continue;
      retire(w);
    }
  }

  function retire(worker: Worker): void {
    // A worker is retired once: `workers` and `retiringEnds` only hold live ones.
    const ended = retiringEnds.get(worker);
    retiringEnds.delete(worker);
    if (worker.retired) return;
    worker.retired = true;
    stats.workerEnded(host.now() - worker.born);
    if (worker.own) {
      Atomics.store(worker.own, OWN.retired, 1);
      Atomics.store(worker.own, OWN.park, PARK.awake);
      Atomics.notify(worker.own, OWN.park);
    }
    worker.failStart(new PoolClosedError()); // no-op once the worker has answered
    workers.splice(workers.indexOf(worker), 1);
    const done = worker.handle.terminate().catch(() => undefined);
    terminations.add(done);
    void done.then(() => {
      terminations.delete(done);
      ended?.();
    });
  }

  return {
    list: workers,
    get broken() {
      return broken;
    },
    get closed() {
      return closed;
    },
    find,
    grow,
    finished,
    replace,
    refill,
    async ready() {
      await Promise.all(workers.map((w) => w.started));
      if (broken) throw broken;
    },
    recycleAll: () => Promise.all(workers.filter((w) => !w.retiring).map(recycle)),
    close() {
      closed = true;
      if (reaper !== undefined) clearInterval(reaper);
    },
    retireAll() {
      for (const worker of [...workers]) retire(worker);
    },
    terminated: () => Promise.all(terminations),
  };
}
