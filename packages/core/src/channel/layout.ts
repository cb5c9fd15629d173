/*
 * The shared-memory call channel: one SharedArrayBuffer per pool.
 *
 *   control words | slot headers (3 Int32 each) | slot data (slotBytes each)
 *
 * The caller writes a request into a free slot and marks it REQUEST. Any
 * worker may claim it (compare-and-swap to RUNNING(its id)), so a slow call
 * never holds back calls that another worker could take. The worker swaps
 * RUNNING → WRITING before it writes the result, then marks RESPONSE. The
 * caller abandons a running call (timeout, abort) with the swap RUNNING → FREE:
 * a worker that finishes later loses its swap and writes nothing, so a slot
 * can be reused at once, even while a worker that cannot be stopped (Deno)
 * still runs.
 *
 * Sleeping on either side is announced in a PARK word before the last look;
 * the other side clears it and wakes the sleeper (Atomics.notify, or a message
 * where Atomics.waitAsync is missing). With sequentially consistent atomics,
 * one of the two always sees the other's write, so no wake-up is lost.
 */

/*
 * The words' places and values are const enums: a bundler puts the numbers
 * where they are used, so the page and the workers carry no lookup tables
 * and the hot paths read no property.
 */

/** Most slots a channel can have: one bit each in the two bitmaps below (CTRL.bitmapWords, 32 bits each). */
export const MAX_SLOTS = 256;

/**
 * Control words at the start of the pool's buffer. The two bitmaps are
 * hints that spare both sides a scan of every slot: `posted` has a bit per
 * slot holding a request no worker has claimed (set by the caller, cleared by
 * the worker that claims it), `done` a bit per slot with an answer the caller
 * has not collected (set by a worker, taken all at once by the caller). The
 * slot states stay the truth; a bit only says where to look.
 */
export const enum CTRL {
  /** The caller sleeps: 0 awake, 1 in Atomics.waitAsync, 2 waiting for a nudge message, 4 lazily (PARK.lazy). */
  mainPark = 0,
  posted = 4,
  /** MAX_SLOTS / 32, written out: a bundler inlines an enum's members only when they are constant expressions of their own. */
  bitmapWords = 256 / 32,
  done = posted + bitmapWords,
  words = done + bitmapWords,
}

/** Words of each slot header: `runUs` is how long the call ran in its worker, in µs. */
export const enum HEAD { state = 0, owner = 1, callId = 2, runUs = 3, words = 4 }

/** A worker's own buffer: its sleep word, its retirement flag, and its heap in MiB after its last call (when asked). */
export const enum OWN { park = 0, retired = 1, heapMB = 2, words = 3 }

/**
 * Park word values. A worker's word also says whether it is polling for
 * calls, so the caller wakes a sleeper only when the calls waiting outnumber
 * the workers already looking for them.
 */
export const enum PARK {
  awake = 0,
  waitAsync = 1,
  nudge = 2,
  polling = 3,
  /**
   * The caller sleeps in Atomics.waitAsync with calls posted that no worker has
   * taken yet, and wakes itself after a few milliseconds: a worker that goes
   * straight on to one of those calls need not wake it for the result it just
   * wrote. Only the caller's word takes this value.
   */
  lazy = 4,
  /**
   * A worker's word, written by whoever woke it: it will look for calls as
   * soon as it runs, so the caller counts it with the pollers and wakes no
   * second worker for the same call. Without it, each call that found both
   * workers asleep woke both (the first had not yet claimed it 10 µs later),
   * and the loser polled and slept again: 0.3 ms of a core for every call.
   */
  woken = 5,
}

/** Bits set in one of the bitmaps (`CTRL.posted` or `CTRL.done`): requests not yet claimed, or answers not yet collected. */
export function bitCount(ctrl: Int32Array, bitmap: number): number {
  let n = 0;
  for (let w = 0; w < CTRL.bitmapWords; w++) {
    let bits = Atomics.load(ctrl, bitmap + w);
    while (bits !== 0) {
      bits &= bits - 1;
      n++;
    }
  }
  return n;
}

export const enum STATE {
  free = 0,
  request = 1,
  /** The result is in the slot's data. */
  response = 2,
  /** The result (a thrown error, or a value the slot cannot hold) comes by message; the slot is free again. */
  byMessage = 3,
}

/** RUNNING and WRITING carry the worker's id, so a swap by any other worker or by a replaced one fails. */
export const running = (worker: number): number => 16 + 2 * worker;
export const writing = (worker: number): number => 17 + 2 * worker;
export const isRunning = (state: number): boolean => state >= 16 && (state & 1) === 0;
/** RUNNING or WRITING: a worker has the slot. */
export const isClaimed = (state: number): boolean => state >= 16;
export const ownerOf = (state: number): number => (state - 16) >> 1;

export interface ChannelShape {
  slots: number;
  slotBytes: number;
}

export const DEFAULT_SHAPE: ChannelShape = { slots: 64, slotBytes: 16 * 1024 };

export function headerWords(shape: ChannelShape): number {
  return CTRL.words + shape.slots * HEAD.words;
}

/** Byte offset of slot `i`'s data. */
export function dataOffset(shape: ChannelShape, i: number): number {
  return headerWords(shape) * 4 + i * shape.slotBytes;
}

export function channelBytes(shape: ChannelShape): number {
  return dataOffset(shape, shape.slots);
}

/** Where a runtime can share memory between threads and park on it without blocking its event loop. */
export function sharedMemoryAvailable(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === "function" && g.crossOriginIsolated !== false;
}

export function hasWaitAsync(): boolean {
  return typeof (Atomics as { waitAsync?: unknown }).waitAsync === "function";
}

/**
 * Wakes whoever sleeps on park word `i` of `a` (a worker's own word, or the
 * caller's): clears it, then notifies, or calls `nudge` when the sleeper waits
 * for a message instead. Returns false when nobody slept there, or another
 * waker got there first.
 */
export function wakeParked(a: Int32Array, i: number, nudge: () => void, to: PARK.awake | PARK.woken = PARK.awake): boolean {
  const parked = Atomics.load(a, i);
  if (parked !== PARK.waitAsync && parked !== PARK.nudge && parked !== PARK.lazy) return false;
  if (Atomics.compareExchange(a, i, parked, to) !== parked) return false;
  if (parked !== PARK.nudge) Atomics.notify(a, i);
  else nudge();
  return true;
}

type WaitAsync = (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string };

/** Resolves when word `i` of `a` is no longer `v` (or at once if it already differs). */
export function waitAsync(a: Int32Array, i: number, v: number): Promise<unknown> | undefined {
  const r = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(a, i, v);
  return r.async ? (r.value as Promise<string>) : undefined;
}
