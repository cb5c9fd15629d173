/*
 * The shared-memory call channel: one SharedArrayBuffer per pool.
 *
 *   control words | slot headers (4 Int32 each) | slot data (slotBytes each)
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

/** Control words at the start of the pool's buffer. */
export const CTRL = {
  /** Bumped by a worker after each response: the caller's cheap "anything new?" */
  done: 0,
  /** The caller sleeps: 0 awake, 1 in Atomics.waitAsync, 2 waiting for a nudge message. */
  mainPark: 1,
  words: 4,
} as const;

/** Words of each slot header. */
export const HEAD = { state: 0, owner: 1, callId: 2, bytes: 3, words: 4 } as const;

/** A worker's own buffer: its sleep word and its retirement flag. */
export const OWN = { park: 0, retired: 1, words: 2 } as const;

/** Park word values. */
export const PARK = { awake: 0, waitAsync: 1, nudge: 2 } as const;

export const STATE = {
  free: 0,
  request: 1,
  /** The result is in the slot's data. */
  response: 2,
  /** The result (a thrown error, or a value the slot cannot hold) comes by message; the slot is free again. */
  byMessage: 3,
} as const;

/** RUNNING and WRITING carry the worker's id, so a swap by any other worker or by a replaced one fails. */
export const running = (worker: number): number => 16 + 2 * worker;
export const writing = (worker: number): number => 17 + 2 * worker;
export const isRunning = (state: number): boolean => state >= 16 && (state & 1) === 0;
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

type WaitAsync = (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string };

/** Resolves when word `i` of `a` is no longer `v` (or at once if it already differs). */
export function waitAsync(a: Int32Array, i: number, v: number): Promise<unknown> | undefined {
  const r = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(a, i, v);
  return r.async ? (r.value as Promise<string>) : undefined;
}
