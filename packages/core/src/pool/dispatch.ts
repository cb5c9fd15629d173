import { CTRL, OWN, bitCount } from "../channel/layout.ts";
import { deserializeThrow, type Call } from "../channel/protocol.ts";
import { unknownMethod } from "../channel/serve.ts";
import { transferablesOf } from "../channel/transfer.ts";
import type { DispatchPart, PoolParts } from "./parts.ts";
import type { Task, Worker } from "./records.ts";
import type { SharedCalls } from "./shared-calls.ts";

/** Dispatching as Pool sees it: the other jobs' view, and what only the API asks for. */
export interface Dispatcher extends DispatchPart {
  /** Calls a worker has taken, or that sit in a slot, or whose answer is on its way, not settled yet. */
  readonly inFlight: number;
  /** Queues a new call and dispatches. */
  enqueue(task: Task): void;
  /** Fails every call, each with `error(task)`: queued, in the slots, then those answered by message (the pool is closing). */
  failAll(error: (task: Task) => unknown): void;
}

/**
 * Dispatching: the queue, and each call's way to a worker. A call goes into
 * a shared slot, where any worker takes it, when memory is shared and its
 * arguments fit; by message otherwise, to the started worker with the fewest
 * such calls, if one has room. Calls answered by message are kept by id.
 */
export function dispatcher(p: PoolParts): Dispatcher {
  const { host, options, concurrency } = p;
  const queue: Task[] = [];
  /** Calls whose answer comes by message, by call id. */
  const byId = new Map<number, Task>();
  let shared: SharedCalls | undefined;
  let methods: string[] | undefined;
  let methodIndex: Map<string, number> | undefined;
  let pumpQueued = false;

  const fail = (task: Task, error: unknown) => p.settle.fail(task, error, false);

  function dispatch(): void {
    let wrote = false;
    while (queue.length > 0) {
      const task = queue[0]!;
      const method = methodIndex?.get(task.method);
      if (methods && method === undefined) {
        queue.shift();
        fail(task, unknownMethod(task.method, methods));
        continue;
      }
      if (shared && !hasTransferables(task.args)) {
        const put = shared.put(task, method!);
        if (put === "full") break;
        if (put === "written") {
          queue.shift();
          dispatched(task);
          wrote = true;
          continue;
        }
        // "unfit": not a shape shared memory carries, or too large; by message instead
      }
      const worker = messageTarget();
      if (!worker) break;
      queue.shift();
      send(worker, task);
    }
    if (wrote) schedulePump();
    p.workers.grow();
  }

  /** The started worker with the fewest calls sent by message, if one has room. */
  function messageTarget(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of p.workers.list) {
      if (!w.answered || w.retired || w.retiring || w.messageCalls >= concurrency) continue;
      if (!best || w.messageCalls < best.messageCalls) best = w;
    }
    return best;
  }

  function send(worker: Worker, task: Task): void {
    task.worker = worker;
    task.phase = "message";
    worker.messageCalls++;
    byId.set(task.id, task);
    dispatched(task);
    const transfer = task.args.flatMap((a) => transferablesOf(a) ?? []);
    try {
      const call: Call = { t: "call", id: task.id, m: task.method, a: task.args };
      if (options.maxHeapMB !== undefined) call.h = 1;
      worker.handle.endpoint.postMessage(call, transfer);
    } catch (error) {
      // The arguments cannot be cloned (a function, a symbol): the caller's mistake, the worker is fine.
      byId.delete(task.id);
      worker.messageCalls--;
      task.worker = undefined;
      task.phase = "queued";
      fail(task, error);
    }
  }

  /** Starts the call's clock and its timeout. */
  function dispatched(task: Task): void {
    task.start = host.now();
    if (task.created === 0) task.created = task.start; // dispatched as it was called
    if (task.timeout !== Infinity) p.sweep.dispatched(task);
  }

  function schedulePump(): void {
    if (pumpQueued) return;
    pumpQueued = true;
    // After the caller's synchronous code: a burst of calls is written first, then one poll serves them all.
    queueMicrotask(() => {
      pumpQueued = false;
      pump();
    });
  }

  function pump(): void {
    shared?.pump();
  }

  /** Fails each call `holds` picks among those answered by message (a copy: failing one changes the map). */
  function failById(holds: (task: Task) => boolean, error: (task: Task) => unknown): void {
    for (const task of [...byId.values()]) if (holds(task)) fail(task, error(task));
  }

  function failQueued(error: (task: Task) => unknown): void {
    for (const task of queue.splice(0)) fail(task, error(task));
  }

  return {
    dispatch,
    pump,
    get queued() {
      return queue.length;
    },
    get inFlight() {
      return byId.size + (shared?.inFlight ?? 0);
    },
    useShared(calls) {
      shared = calls;
    },
    learn(names) {
      if (methods) return;
      methods = names;
      methodIndex = new Map(names.map((m, i) => [m, i]));
    },
    enqueue(task) {
      queue.push(task);
      dispatch();
    },
    answer(worker, message) {
      shared?.harvest(); // a result sent by message may belong to a slot not looked at yet
      const task = byId.get(message.id);
      if (!task) return; // settled already (timeout, abort): nothing waits for it
      byId.delete(message.id);
      // One reading for both paths: the lifecycle reads the shared word where the worker has one.
      if (message.h !== undefined) {
        if (worker.own) Atomics.store(worker.own, OWN.heapMB, message.h);
        else worker.heapMB = message.h;
      }
      if (task.phase === "message") task.worker!.messageCalls--;
      if (message.t === "ret") p.settle.settle(task, worker.id, true, () => task.resolve(message.v));
      else p.settle.settle(task, worker.id, false, () => task.reject(deserializeThrow(message.e)));
    },
    awaitAnswer(task) {
      byId.set(task.id, task);
    },
    detach(task) {
      if (task.phase === "slot") {
        const outcome = shared!.abandon(task);
        if (outcome === "answered") return outcome;
        return outcome === "unclaimed" ? undefined : p.workers.find(outcome);
      }
      if (task.phase === "message" || task.phase === "answer") {
        byId.delete(task.id);
        // Sent by message, it may be running; with its answer on the way, the worker is done with it.
        if (task.phase === "answer") return undefined;
        task.worker!.messageCalls--;
        return task.worker;
      }
      const i = queue.indexOf(task);
      if (i >= 0) queue.splice(i, 1);
      return undefined;
    },
    busy() {
      const busy = new Set<number>();
      for (const w of p.workers.list) if (w.messageCalls > 0) busy.add(w.id);
      const unclaimed = shared?.census(busy) ?? 0;
      for (const task of byId.values()) if (task.worker) busy.add(task.worker.id);
      return { busy, unclaimed };
    },
    waiting: () => queue.length + (shared ? bitCount(shared.ctrl, CTRL.posted) : 0),
    forEachDispatched(fn) {
      shared?.forEachTask(fn);
      for (const task of byId.values()) fn(task);
    },
    waitsInSlot: (task) => task.phase === "slot" && !shared!.taken(task),
    failQueued,
    failHeldBy(worker, error) {
      shared?.abandonOwnedBy(worker.id, (task) => fail(task, error(task)));
      failById((task) => task.worker === worker, error);
    },
    failAll(error) {
      failQueued(error);
      shared?.abandonAll((task) => fail(task, error(task)));
      failById(() => true, error);
    },
  };
}

function hasTransferables(args: unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (transferablesOf(args[i])) return true;
  return false;
}
