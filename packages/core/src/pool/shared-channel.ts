import { CTRL, DEFAULT_SHAPE, OWN, PARK, bitCount, sharedMemoryAvailable, wakeParked } from "../channel/layout.ts";
import type { Init } from "../channel/protocol.ts";
import type { Transport } from "./options.ts";
import type { ChannelPart, PoolParts } from "./parts.ts";
import type { Worker } from "./records.ts";
import { SharedCalls } from "./shared-calls.ts";

/** The channel's setup as Pool sees it: the other jobs' view, and what only the API asks for. */
export interface SharedChannel extends ChannelPart {
  readonly transport: Transport;
  /** Lets a caller's pending wait for results end (the pool is closing). */
  close(): void;
}

/** What the census reads of a worker. */
export type ParkedWorker = Pick<Worker, "own" | "retired" | "retiring">;

/** Workers polling for calls, workers not asleep (polling included), and the first one asleep that can take a call. */
export function parkCensus<W extends ParkedWorker>(workers: readonly W[]): { polling: number; awake: number; sleeper: W | undefined } {
  let polling = 0;
  let awake = 0;
  let sleeper: W | undefined;
  for (const w of workers) {
    if (!w.own || w.retired) continue;
    const park = Atomics.load(w.own, OWN.park);
    // Woken: on its way to poll, so it counts as a poller (see PARK.woken).
    const looking = park === PARK.polling || park === PARK.woken;
    const up = looking || park === PARK.awake;
    if (up) awake++;
    // A retiring worker holds a core while it finishes, but takes no new call: not a poller to count on, nor a sleeper to wake.
    if (w.retiring) continue;
    if (looking) polling++;
    else if (!up) sleeper ??= w;
  }
  return { polling, awake, sleeper };
}

/**
 * The sleeping worker to wake for `posted` calls not yet claimed, if any: one
 * only while the calls outnumber the workers already looking for them, a
 * woken one included (PARK.woken).
 */
export function sleeperToWake<W extends ParkedWorker>(workers: readonly W[], posted: number): W | undefined {
  const { polling, sleeper } = parkCensus(workers);
  return sleeper && posted > polling ? sleeper : undefined;
}

/**
 * The calling side's setup of the shared-memory channel: which transport the
 * pool uses, the call slots (made when the first worker says hello, then
 * handed to dispatch), and each worker's own words (its sleep word, its
 * retirement flag), sent to it with the slots in its `init` message.
 */
export function sharedChannel(p: PoolParts): SharedChannel {
  const { host, options } = p;
  let transport: Transport = options.transport !== "message" && sharedMemoryAvailable() ? "shared-memory" : "message";
  let shared: SharedCalls | undefined;

  /** Calls wait unclaimed: wakes a sleeping worker unless enough workers are already polling for them. */
  function nudgeWorker(): void {
    const sleeper = sleeperToWake(p.workers.list, bitCount(shared!.ctrl, CTRL.posted));
    if (!sleeper) return;
    // A sleeper that woke meanwhile looks at the slots before sleeping again: nothing to do then.
    wakeParked(sleeper.own!, OWN.park, () => sleeper.handle.endpoint.postMessage({ t: "nudge" }), PARK.woken);
  }

  /** The call slots, made once, with what they ask of the pool. */
  function slots(c: NonNullable<typeof options.channel>): SharedCalls {
    const { dispatch, settle, workers } = p;
    const made = new SharedCalls(
      { slots: c.slots ?? DEFAULT_SHAPE.slots, slotBytes: c.slotBytes ?? DEFAULT_SHAPE.slotBytes },
      { spinUs: c.spinUs ?? 50, maxSpinUs: c.maxSpinUs ?? 1000, cores: host.cpuCount() },
      {
        now: () => host.now(),
        settle: (task, workerId, value, runMs) => {
          task.runMs = runMs;
          settle.settle(task, workerId, true, () => task.resolve(value));
        },
        byMessage: (task, workerId, runMs) => {
          task.runMs = runMs;
          task.phase = "answer";
          // Found: a worker that dies with the answer on its way fails its byMessage slots first (abandonOwnedBy).
          task.worker = workers.find(workerId);
          dispatch.awaitAnswer(task);
        },
        freed: () => dispatch.dispatch(),
        nudge: nudgeWorker,
        awake: () => parkCensus(p.workers.list).awake,
        backlog: () => dispatch.queued > 0,
      },
    );
    dispatch.useShared(made);
    return made;
  }

  return {
    get transport() {
      return transport;
    },
    attach(worker) {
      if (transport === "shared-memory" && worker.handle.sharesMemory !== false) {
        const c = options.channel ?? {};
        shared ??= slots(c);
        const own = new SharedArrayBuffer(OWN.words * 4);
        worker.own = new Int32Array(own);
        const init: Init = {
          t: "init",
          buffer: shared.buffer,
          own,
          worker: worker.id,
          slots: shared.shape.slots,
          slotBytes: shared.shape.slotBytes,
          pollUs: c.pollUs ?? 100,
          concurrency: p.concurrency,
          heapCheck: options.maxHeapMB !== undefined,
          ...(options.maxTasksPerWorker !== undefined ? { maxCalls: options.maxTasksPerWorker } : {}),
        };
        worker.handle.endpoint.postMessage(init);
      } else if (transport === "shared-memory" && !shared) {
        transport = "message"; // a process: no memory to share
      }
    },
    close() {
      shared?.close();
    },
  };
}
