import type { Percentiles } from "./options.ts";

/** Calls kept for the percentiles: recent enough to follow a change of load, enough for a stable p99. */
const WINDOW = 1000;

/**
 * The pool's counters and the wait and run times of its recent calls. Two
 * stores per call into preallocated rings: the hot path allocates nothing.
 */
export class CallStats {
  completed = 0;
  failed = 0;
  replaced = 0;
  recycled = 0;
  readonly #wait = new Float64Array(WINDOW);
  readonly #run = new Float64Array(WINDOW);
  #timed = 0;
  /** Calls that reached a worker, timed or not (a worker times one short call in 8). */
  #reached = 0;
  #busyMs = 0;
  /** Lifetimes of workers already ended, in ms. */
  #endedWorkerMs = 0;

  /** A call that reached a worker settled. */
  timed(waitMs: number, runMs: number): void {
    this.#reached++;
    const i = this.#timed++ % WINDOW;
    this.#wait[i] = waitMs;
    this.#run[i] = runMs;
    this.#busyMs += runMs;
  }

  /** A call that reached a worker, untimed: it counts towards utilisation through the timed ones. */
  untimed(): void {
    this.#reached++;
  }

  workerEnded(lifetimeMs: number): void {
    this.#endedWorkerMs += lifetimeMs;
  }

  percentiles(): { waitMs?: Percentiles; runMs?: Percentiles } {
    const n = Math.min(this.#timed, WINDOW);
    if (n === 0) return {};
    return { waitMs: pick(this.#wait.slice(0, n)), runMs: pick(this.#run.slice(0, n)) };
  }

  /** Busy time over worker time (each worker offering `concurrency` slots), from 0 to 1; untimed calls count at the timed ones' mean. */
  utilization(liveWorkerMs: number, concurrency: number): number {
    const total = (this.#endedWorkerMs + liveWorkerMs) * concurrency;
    const busy = this.#timed > 0 ? (this.#busyMs * this.#reached) / this.#timed : 0;
    return total > 0 ? Math.min(1, busy / total) : 0;
  }
}

function pick(values: Float64Array): Percentiles {
  values.sort();
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}
