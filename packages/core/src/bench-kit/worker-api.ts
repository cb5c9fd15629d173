import { expose as comlinkExpose } from "comlink";
import { transfer } from "../channel/transfer.ts";
import { getWorkload } from "../workloads/catalogue.ts";
import { bytesPerRow, rowsInto } from "../workloads/mandelbrot.ts";
import { spin, spinRate, type SpinInput } from "../workloads/spin.ts";

/** Layout of the Int32 control words shared by the race and ping-pong demos. */
export const CONTROL = { counter: 0, lock: 1, go: 2, ready: 3, running: 4, words: 5 } as const;

/** Polls before sleeping in the adaptive ping-pong: a few microseconds' worth. */
const SPIN_BEFORE_WAIT = 20_000;

/**
 * Spins until every participant has checked in and the caller has said go,
 * then until every one of them is on a core again: saying go took a core
 * from one, and the other ran its whole loop alone meanwhile (the quick
 * preset's 20,000 plain increments on two cores lost none in 4 runs of 5).
 */
function barrier(control: Int32Array): void {
  Atomics.add(control, CONTROL.ready, 1);
  while (Atomics.load(control, CONTROL.go) === 0);
  // The caller says go only once all have checked in: `ready` is the whole party.
  const parties = Atomics.load(control, CONTROL.ready);
  Atomics.add(control, CONTROL.running, 1);
  while (Atomics.load(control, CONTROL.running) < parties);
}

/** A mutex on one Int32 (0 free, 1 held, 2 held with sleepers), after Drepper's "Futexes are tricky". */
function lock(a: Int32Array, i: number): void {
  let c = Atomics.compareExchange(a, i, 0, 1);
  if (c === 0) return;
  if (c !== 2) c = Atomics.exchange(a, i, 2);
  while (c !== 0) {
    Atomics.wait(a, i, 2);
    c = Atomics.exchange(a, i, 2);
  }
}

function unlock(a: Int32Array, i: number): void {
  if (Atomics.sub(a, i, 1) !== 1) {
    Atomics.store(a, i, 0);
    Atomics.notify(a, i, 1);
  }
}

/** What a benchmark worker (thread or process) exposes. */
export const benchWorkerApi = {
  /**
   * A CPU task of a known length (the break-even and single-core experiments, the service); returns its answer.
   * The kernel itself, not a method that calls it: Deno 2.9's V8 compiled such a method with Maglev, the kernel's loop
   * inlined, and never moved it up to Turbofan, so a "1 ms" call, calibrated by spinRate at Turbofan's speed, took
   * 1.35 ms of a worker (1.02 ms with --no-maglev-inlining; its service pool reached 1.28x inline, 1.6x with --no-maglev).
   */
  spin,

  /**
   * The same task timed where it runs (the machine check), on the wall clock
   * every thread shares. With a `gate` (Int32Array words: arrived, expected),
   * it first waits until every worker of the round has arrived, so the spins
   * overlap only if the machine runs them at once: timed alone, threads taking
   * turns on one core each read full speed. The wait gives up after a second
   * (a worker that took two calls waits for no one), and the round is dropped.
   */
  timedSpin(input: SpinInput, gate?: SharedArrayBuffer): { answer: number; start: number; end: number } {
    if (gate) {
      const g = new Int32Array(gate);
      Atomics.add(g, 0, 1);
      const giveUp = performance.now() + 1_000;
      while (Atomics.load(g, 0) < Atomics.load(g, 1) && performance.now() < giveUp);
    }
    const start = performance.timeOrigin + performance.now();
    const answer = spin(input);
    return { answer, start, end: performance.timeOrigin + performance.now() };
  },

  /** The spin kernel's iterations per µs in this worker (the single-core experiment calibrates where its work runs). */
  spinRate(minMs: number): number {
    return spinRate(() => performance.now(), minMs);
  },

  /** One workload kernel call (the workers and processes strategies). */
  runKernel(workload: string, kernel: string, input: unknown): unknown {
    const fn = getWorkload(workload).kernels[kernel];
    if (!fn) throw new Error(`${workload} has no kernel "${kernel}"`);
    const out = fn(input);
    // Typed-array results (bitmaps, vectors) move back without a copy.
    return ArrayBuffer.isView(out) && out.buffer instanceof ArrayBuffer ? transfer(out, [out.buffer]) : out;
  },

  /**
   * Mandelbrot into one shared bitmap: claim `chunk` rows at a time from an
   * atomic counter until none are left. Returns the rows this worker drew.
   */
  sharedMandelbrot(size: number, bitmap: SharedArrayBuffer, control: SharedArrayBuffer, chunk: number): number {
    const out = new Uint8Array(bitmap);
    const counter = new Int32Array(control);
    let drawn = 0;
    for (;;) {
      const y0 = Atomics.add(counter, CONTROL.counter, chunk);
      if (y0 >= size) return drawn;
      const y1 = Math.min(size, y0 + chunk);
      rowsInto(size, y0, y1, out, y0 * bytesPerRow(size));
      drawn += y1 - y0;
    }
  },

  /** The race demo: `iterations` increments of one shared counter, unsynchronised, atomic, or under a lock. */
  race(control: SharedArrayBuffer, mode: "plain" | "atomic" | "lock", iterations: number): void {
    const a = new Int32Array(control);
    barrier(a);
    if (mode === "plain") {
      for (let i = 0; i < iterations; i++) a[CONTROL.counter] = a[CONTROL.counter]! + 1;
    } else if (mode === "atomic") {
      for (let i = 0; i < iterations; i++) Atomics.add(a, CONTROL.counter, 1);
    } else {
      for (let i = 0; i < iterations; i++) {
        lock(a, CONTROL.lock);
        a[CONTROL.counter] = a[CONTROL.counter]! + 1;
        unlock(a, CONTROL.lock);
      }
    }
  },

  /**
   * One side of a SharedArrayBuffer ping-pong between two workers. The flag
   * word goes 0 → 1 (ping) → 0 (pong). "wait" sleeps in Atomics.wait at once;
   * "adaptive" polls a little first and sleeps only if the answer is slow (what
   * real locks do); "spin" only polls, burning its core. The ping side returns
   * the mean round trip in microseconds.
   */
  pingPong(control: SharedArrayBuffer, role: "ping" | "pong", mode: "wait" | "adaptive" | "spin", rounds: number): number {
    const a = new Int32Array(control);
    const flag = CONTROL.counter;
    const sleeps = mode !== "spin";
    const awaitValue = (v: number) => {
      if (mode !== "wait") for (let i = 0; i < SPIN_BEFORE_WAIT && Atomics.load(a, flag) !== v; i++);
      if (mode === "spin") while (Atomics.load(a, flag) !== v);
      else while (Atomics.load(a, flag) !== v) Atomics.wait(a, flag, v === 1 ? 0 : 1);
    };
    barrier(a);
    if (role === "pong") {
      for (let r = 0; r < rounds; r++) {
        awaitValue(1);
        Atomics.store(a, flag, 0);
        if (sleeps) Atomics.notify(a, flag);
      }
      return 0;
    }
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      Atomics.store(a, flag, 1);
      if (sleeps) Atomics.notify(a, flag);
      awaitValue(0);
    }
    return ((performance.now() - t0) * 1000) / rounds;
  },

  /** Answers on `port` with whatever arrives on it: raw postMessage round trips, no RPC layer. */
  echoOn(port: MessagePort): void {
    port.onmessage = (event: MessageEvent) => port.postMessage(event.data);
  },

  /** Serves this API with comlink on `port`: the well-known RPC library, measured beside the pool's own transport. */
  comlinkOn(port: MessagePort): void {
    comlinkExpose(benchWorkerApi, port as unknown as Parameters<typeof comlinkExpose>[1]);
  },

  /** Receives a payload and reports its size: the cost measured is getting it here. */
  consume(payload: ArrayBuffer | SharedArrayBuffer | { items: unknown[] }): number {
    return "items" in payload ? payload.items.length : payload.byteLength;
  },

  /** Nothing: the cost of one RPC. */
  ping(): number {
    return 0;
  },
};

export type BenchWorkerApi = typeof benchWorkerApi;
