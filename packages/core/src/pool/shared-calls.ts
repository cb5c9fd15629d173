import { Cursor, decode, encode } from "../channel/codec.ts";
import {
  CTRL,
  HEAD,
  MAX_SLOTS,
  bitCount,
  PARK,
  STATE,
  channelBytes,
  dataOffset,
  hasWaitAsync,
  isClaimed,
  isRunning,
  ownerOf,
  waitAsync,
  wakeParked,
  type ChannelShape,
} from "../channel/layout.ts";
import type { Task } from "./records.ts";

export interface SharedCallsHost {
  now(): number;
  /** The call's result came back through its slot, after running `runMs` in its worker (NaN: the worker did not time it). */
  settle(task: Task, workerId: number, value: unknown, runMs: number): void;
  /** The call ran for `runMs`; its outcome comes by message from `workerId`. */
  byMessage(task: Task, workerId: number, runMs: number): void;
  /** Slots came free: queued calls may be written. */
  freed(): void;
  /** A call was written: wake a sleeping worker. */
  nudge(): void;
  /** Workers not asleep: each holds a core, running a call, polling for one, or just woken and about to. */
  awake(): number;
  /** Calls wait for a free slot: each slot a worker frees should be refilled at once. */
  backlog(): boolean;
}

/**
 * How long a new call may wait for an awake worker before a sleeping one is
 * woken. Waking at once cost a wake-up per call in a sequential loop: the
 * worker that had just answered was still finishing, looked busy, and a
 * second worker was woken only to poll and sleep again.
 */
const WAKE_AFTER_MS = 0.01;

/**
 * Longest a result may wait in its slot while the caller sleeps lazily
 * (PARK.lazy) and its worker has gone on to the next call.
 */
const LAZY_MS = 4;

export interface SpinLimits {
  /** Stop polling after this long with no result arriving. */
  spinUs: number;
  /** Never poll longer than this in one go: the caller's event loop gets its turn. */
  maxSpinUs: number;
  /** Cores this runtime may use: with as many calls running, polling would take a core from a worker. */
  cores: number;
}

/**
 * The calling thread's side of the shared-memory channel (layout.ts): writes
 * calls into free slots, collects results, and waits for them by polling
 * briefly and then sleeping in Atomics.waitAsync (or until a nudge message),
 * so its event loop is never blocked longer than `maxSpinUs`.
 */
export class SharedCalls {
  readonly buffer: SharedArrayBuffer;
  readonly shape: ChannelShape;
  readonly ctrl: Int32Array;
  readonly #cursor: Cursor;
  readonly #host: SharedCallsHost;
  readonly #spinMs: number;
  readonly #maxSpinMs: number;
  readonly #cores: number;
  readonly #waitAsync = hasWaitAsync();
  readonly #tasks: Array<Task | undefined>;
  readonly #free: number[] = [];
  #inFlight = 0;
  #parked = false;
  /** The last lazy sleep ended by its own timer (set there) with no result come meanwhile (cleared by any result). */
  #lazyFruitless = false;
  #closed = false;

  constructor(shape: ChannelShape, limits: SpinLimits, host: SharedCallsHost) {
    if (!Number.isInteger(shape.slots) || shape.slots < 1 || shape.slots > MAX_SLOTS) {
      throw new RangeError(`channel.slots must be a whole number from 1 to ${MAX_SLOTS}, got ${shape.slots}`);
    }
    if (!Number.isInteger(shape.slotBytes) || shape.slotBytes < 64 || shape.slotBytes % 8 !== 0) {
      throw new RangeError(`channel.slotBytes must be a multiple of 8, at least 64, got ${shape.slotBytes}`);
    }
    this.shape = shape;
    this.buffer = new SharedArrayBuffer(channelBytes(shape));
    this.ctrl = new Int32Array(this.buffer);
    this.#cursor = new Cursor(this.buffer, 0, this.buffer.byteLength);
    this.#host = host;
    this.#spinMs = limits.spinUs / 1000;
    this.#maxSpinMs = limits.maxSpinUs / 1000;
    this.#cores = limits.cores;
    this.#tasks = new Array(shape.slots).fill(undefined);
    for (let i = shape.slots - 1; i >= 0; i--) this.#free.push(i);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Writes `task` into a free slot: "full" when none is free, "unfit" when its arguments need structured clone. */
  put(task: Task, method: number): "written" | "full" | "unfit" {
    const i = this.#free.pop();
    if (i === undefined) return "full";
    const c = this.#cursor;
    const base = dataOffset(this.shape, i);
    c.reset(base + 4, base + this.shape.slotBytes);
    if (!encode(c, task.args)) {
      this.#free.push(i);
      return "unfit";
    }
    c.dv.setInt32(base, method, true);
    const head = CTRL.words + i * HEAD.words;
    Atomics.store(this.ctrl, head + HEAD.callId, task.id);
    this.#tasks[i] = task;
    task.slot = i;
    task.phase = "slot";
    this.#inFlight++;
    Atomics.store(this.ctrl, head + HEAD.state, STATE.request);
    Atomics.or(this.ctrl, CTRL.posted + (i >> 5), 1 << (i & 31));
    // No wake-up here: a worker about to finish its call takes this one within microseconds; pump() wakes a sleeper if none does.
    return "written";
  }

  /** Whether a worker has taken `task` from its slot (or it has left the slot). */
  taken(task: Task): boolean {
    if (task.slot < 0) return true;
    return Atomics.load(this.ctrl, CTRL.words + task.slot * HEAD.words + HEAD.state) !== STATE.request;
  }

  /** Collects every result written back since the last look; returns how many. `all` looks at every slot, not only the flagged ones. */
  harvest(all = false): number {
    const ctrl = this.ctrl;
    let n = 0;
    for (let w = 0; w < CTRL.bitmapWords; w++) {
      if (Atomics.load(ctrl, CTRL.done + w) === 0) continue;
      let bits = Atomics.exchange(ctrl, CTRL.done + w, 0);
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        n += this.#collect((w << 5) | b);
      }
    }
    if (all) for (let i = 0; i < this.shape.slots; i++) n += this.#collect(i);
    if (n > 0) {
      this.#lazyFruitless = false;
      this.#host.freed();
    }
    return n;
  }

  #collect(i: number): number {
    const task = this.#tasks[i];
    if (!task) return 0;
    const ctrl = this.ctrl;
    const head = CTRL.words + i * HEAD.words;
    const state = Atomics.load(ctrl, head + HEAD.state);
    if (state === STATE.response) {
      const c = this.#cursor;
      c.pos = dataOffset(this.shape, i);
      const value = decode(c);
      const owner = Atomics.load(ctrl, head + HEAD.owner);
      const runMs = runMsOf(Atomics.load(ctrl, head + HEAD.runUs));
      this.#release(i, task);
      this.#host.settle(task, owner, value, runMs);
      return 1;
    }
    if (state === STATE.byMessage) {
      const owner = Atomics.load(ctrl, head + HEAD.owner);
      const runMs = runMsOf(Atomics.load(ctrl, head + HEAD.runUs));
      this.#release(i, task);
      this.#host.byMessage(task, owner, runMs);
      return 1;
    }
    return 0;
  }

  /** Polls for results while they keep coming (bounded), then sleeps until a worker answers. */
  pump(): void {
    if (this.#closed) return;
    if (this.#parked && !this.#waitAsync) this.#unpark(); // woken by a nudge message
    const now = this.#host.now;
    const start = now();
    let lastProgress = start;
    let progressed = false;
    let looks = 0;
    for (;;) {
      if (this.harvest() > 0) progressed = true;
      if (this.#inFlight === 0) return;
      // The clock costs more than a look at the bitmap: read it every few looks.
      if ((++looks & 15) !== 0) continue;
      const t = now();
      // Calls still unclaimed after a moment: wake a sleeping worker (see nudge for when it is needed).
      if (t - start > WAKE_AFTER_MS) this.#host.nudge();
      if (progressed) {
        lastProgress = t;
        progressed = false;
      }
      if (t - lastProgress > this.#spinMs || t - start > this.#maxSpinMs) break;
      // Polling here would take a core from a worker: every core holds one that runs a call, polls for one, or was
      // just woken. Counting only the running and polling ones kept this thread spinning while a woken worker waited
      // 1-7 ms for a core, and its share of a parallel run went to the others.
      if (this.#host.awake() >= this.#cores) break;
    }
    this.#park();
  }

  #park(): void {
    if (this.#parked) {
      // Already waiting. Calls now wait for slots, so a lazy sleep would leave the slots empty until its timer: from
      // here on each result wakes this thread, without waking it now.
      if (this.#host.backlog()) Atomics.compareExchange(this.ctrl, CTRL.mainPark, PARK.lazy, PARK.waitAsync);
      return;
    }
    const ctrl = this.ctrl;
    this.#host.nudge();
    this.#parked = true;
    // With calls posted and not yet taken, the workers are busy for a while: each result woke this thread (16 wake-ups
    // in a 1.2 ms mandelbrot run), and each time it took a core from a worker. Lazily, it is woken when a worker finds
    // nothing more to take, or by its own timer. Not with calls waiting for slots: those must follow at once.
    // Not after a lazy sleep whose timer found no result either: the workers are in long calls, and a timer every
    // few milliseconds would keep this thread busy until they end.
    const lazy = this.#waitAsync && !this.#lazyFruitless && !this.#host.backlog() && bitCount(ctrl, CTRL.posted) > 0;
    Atomics.store(ctrl, CTRL.mainPark, lazy ? PARK.lazy : this.#waitAsync ? PARK.waitAsync : PARK.nudge);
    // The last look, after announcing the sleep: a result written since is seen here, or its worker wakes us.
    if (this.harvest() > 0 || this.#inFlight === 0) {
      this.#unpark();
      if (this.#inFlight > 0) queueMicrotask(() => this.pump());
      return;
    }
    if (!this.#waitAsync) return; // a nudge message calls pump()
    const woken = waitAsync(ctrl, CTRL.mainPark, lazy ? PARK.lazy : PARK.waitAsync);
    // Its own timer, cleared on waking: Atomics.waitAsync's timeout would still wake the event loop once it passed.
    const timer = lazy && woken ? setTimeout(() => ((this.#lazyFruitless = true), wakeParked(ctrl, CTRL.mainPark, () => {})), LAZY_MS) : undefined;
    const resume = () => {
      clearTimeout(timer);
      this.#unpark();
      this.pump();
    };
    if (woken) void woken.then(resume);
    else queueMicrotask(resume);
  }

  #unpark(): void {
    this.#parked = false;
    Atomics.store(this.ctrl, CTRL.mainPark, PARK.awake);
  }

  /**
   * Takes `task` back (timeout, abort): "unclaimed" if no worker had taken
   * it, the id of the worker running it (which must be replaced), or
   * "answered" when its result is already written and will be delivered.
   */
  abandon(task: Task): "unclaimed" | "answered" | number {
    const i = task.slot;
    const at = CTRL.words + i * HEAD.words + HEAD.state;
    const ctrl = this.ctrl;
    const deadline = this.#host.now() + 1000;
    for (;;) {
      const state = Atomics.load(ctrl, at);
      if (state === STATE.request || isRunning(state)) {
        if (Atomics.compareExchange(ctrl, at, state, STATE.free) !== state) continue; // claimed or answered meanwhile
        if (state === STATE.request) Atomics.and(ctrl, CTRL.posted + (i >> 5), ~(1 << (i & 31)));
        this.#release(i, task, false);
        return state === STATE.request ? "unclaimed" : ownerOf(state);
      }
      if (state === STATE.response || state === STATE.byMessage) {
        this.harvest(true);
        return "answered";
      }
      // WRITING: the worker is copying the result in, which takes microseconds; one that stalls there is treated as running.
      if (this.#host.now() > deadline && Atomics.compareExchange(ctrl, at, state, STATE.free) === state) {
        this.#release(i, task, false);
        return ownerOf(state);
      }
    }
  }

  /**
   * The worker slot `i` depends on: the one running or writing its call, or
   * the one whose answer comes by message (it must live until that arrives,
   * and if it dies the message never will); -1 for none.
   */
  #holder(i: number, state: number): number {
    if (isClaimed(state)) return ownerOf(state);
    if (state === STATE.byMessage) return Atomics.load(this.ctrl, CTRL.words + i * HEAD.words + HEAD.owner);
    return -1;
  }

  /** Releases every call that depends on worker `id` (it died or is being replaced) and hands each to `fail`. */
  abandonOwnedBy(id: number, fail: (task: Task) => void): void {
    const ctrl = this.ctrl;
    for (let i = 0; i < this.shape.slots; i++) {
      const task = this.#tasks[i];
      if (!task) continue;
      const at = CTRL.words + i * HEAD.words + HEAD.state;
      const state = Atomics.load(ctrl, at);
      if (this.#holder(i, state) !== id) continue;
      if (Atomics.compareExchange(ctrl, at, state, STATE.free) !== state) continue;
      this.#release(i, task, false);
      fail(task);
    }
  }

  /** Releases every call (the pool is closing) and hands each to `fail`. */
  abandonAll(fail: (task: Task) => void): void {
    for (let i = 0; i < this.shape.slots; i++) {
      const task = this.#tasks[i];
      if (!task) continue;
      Atomics.store(this.ctrl, CTRL.words + i * HEAD.words + HEAD.state, STATE.free);
      this.#release(i, task, false);
      fail(task);
    }
    for (let w = 0; w < CTRL.bitmapWords; w++) Atomics.store(this.ctrl, CTRL.posted + w, 0);
  }

  /** Hands each call in a slot to `fn`. */
  forEachTask(fn: (task: Task) => void): void {
    for (const task of this.#tasks) if (task) fn(task);
  }

  /** Adds the ids of the workers slots depend on (see #holder) to `into`; returns how many calls no worker has taken yet. */
  census(into: Set<number>): number {
    let waiting = 0;
    for (let i = 0; i < this.shape.slots; i++) {
      if (!this.#tasks[i]) continue;
      const state = Atomics.load(this.ctrl, CTRL.words + i * HEAD.words + HEAD.state);
      if (state === STATE.request) waiting++;
      else {
        const owner = this.#holder(i, state);
        if (owner >= 0) into.add(owner);
      }
    }
    return waiting;
  }

  close(): void {
    this.#closed = true;
    // Lets a pending Atomics.waitAsync resolve instead of lingering.
    Atomics.store(this.ctrl, CTRL.mainPark, PARK.awake);
    Atomics.notify(this.ctrl, CTRL.mainPark);
  }

  #release(i: number, task: Task, free = true): void {
    this.#tasks[i] = undefined;
    task.slot = -1;
    task.phase = "queued";
    this.#inFlight--;
    if (free) Atomics.store(this.ctrl, CTRL.words + i * HEAD.words + HEAD.state, STATE.free);
    this.#free.push(i);
  }
}

/** The run time a worker wrote (µs), in ms; NaN where it timed nothing (a short call between samples). */
function runMsOf(runUs: number): number {
  return runUs < 0 ? NaN : runUs / 1000;
}
