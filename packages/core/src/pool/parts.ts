import type { WorkerExit, WorkerHost } from "./worker-host.ts";
import type { Return, Throw } from "../channel/protocol.ts";
import type { PoolOptions } from "./options.ts";
import type { Task, Worker } from "./records.ts";
import type { SharedCalls } from "./shared-calls.ts";

/*
 * A pool is a few jobs, each in a file of its own and each keeping its state
 * to itself: the worker lifecycle (lifecycle.ts), dispatching calls
 * (dispatch.ts), the timer sweep (sweep.ts), settling calls and counting them
 * (settle.ts), and the shared-memory channel's setup (shared-channel.ts).
 * Pool (pool.ts) makes one of each and hands every one the same PoolParts,
 * through which a job asks the others for what it needs: the interfaces
 * below, nothing more.
 */

/** What every job of one pool shares: its settings, and the other jobs. Set once, by Pool's constructor. */
export interface PoolParts {
  readonly host: WorkerHost;
  readonly url: URL | string;
  readonly options: PoolOptions;
  /** maxSize and minSize (see Pool), and the calls one worker runs at once. */
  readonly size: number;
  readonly minSize: number;
  readonly concurrency: number;
  readonly workers: WorkersPart;
  readonly dispatch: DispatchPart;
  readonly sweep: SweepPart;
  readonly settle: SettlePart;
  readonly channel: ChannelPart;
}

/** The worker lifecycle, as the other jobs see it. */
export interface WorkersPart {
  /** The workers started or starting and not yet ended, in start order. */
  readonly list: readonly Worker[];
  find(id: number): Worker | undefined;
  /** Below maxSize: starts a worker for each call that would otherwise wait. */
  grow(): void;
  /** A call worker `workerId` ran has settled: it counts towards the worker's recycling, and its idleness. */
  finished(workerId: number): void;
  /** Ends `worker` and starts another; the calls it still had fail with `exit`. */
  replace(worker: Worker, exit: WorkerExit): void;
}

/** Dispatching: the queue, the calls in flight, and how each reaches a worker. */
export interface DispatchPart {
  /** Hands queued calls to the workers: into shared slots, or by message to one with room. */
  dispatch(): void;
  /** Calls queued, not yet dispatched. */
  readonly queued: number;
  /** Calls from here on may go through `shared`. */
  useShared(shared: SharedCalls): void;
  /** The worker module's methods, from the first worker's hello. */
  learn(methods: string[]): void;
  /** A worker's answer (by message) to call `message.id`. */
  answer(worker: Worker, message: Return | Throw): void;
  /** `task` ran; its answer comes by message from `task.worker`. */
  awaitAnswer(task: Task): void;
  /** Collects results from the shared slots and waits for more (a worker's nudge). */
  pump(): void;
  /**
   * Takes `task` back from wherever it is: "answered" when its result is
   * already on its way (it will settle through that), else the worker that
   * was running it, if one was.
   */
  detach(task: Task): Worker | undefined | "answered";
  /** Ids of the workers running a call (or with an answer on its way), and the calls in shared slots no worker has taken. */
  busy(): { busy: Set<number>; unclaimed: number };
  /** Calls waiting for a worker: queued, or posted in a slot and not taken. */
  waiting(): number;
  /** Hands each dispatched call not yet settled to `fn`. */
  forEachDispatched(fn: (task: Task) => void): void;
  /** Whether `task` sits in a shared slot that no worker has taken yet. */
  waitsInSlot(task: Task): boolean;
  /** Fails every queued call, each with `error(task)`. */
  failQueued(error: (task: Task) => unknown): void;
  /** Fails every call `worker` holds (running, or its answer on the way), each with `error(task)`. */
  failHeldBy(worker: Worker, error: (task: Task) => unknown): void;
}

/** The timer sweep: timeouts armed only for the calls that outlive a moment. */
export interface SweepPart {
  /** `task` was just dispatched with a `timeout`: it will need its timer if it runs past its step. */
  dispatched(task: Task): void;
  /** `task` settled. */
  forget(task: Task): void;
}

/** Settling calls, once each, and counting them. */
export interface SettlePart {
  /** Normal completion: the worker returned (`ok`) or threw; `then` resolves or rejects the caller. */
  settle(task: Task, workerId: number, ok: boolean, then: () => void): void;
  /** Abnormal completion; `recycle` replaces the worker that was running it. */
  fail(task: Task, error: unknown, recycle: boolean): void;
}

/** The shared-memory channel's setup. */
export interface ChannelPart {
  /** `worker` said hello: gives it its part of the channel where memory is shared. */
  attach(worker: Worker): void;
}
