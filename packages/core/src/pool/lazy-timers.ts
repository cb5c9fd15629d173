/**
 * Timers for the calls that outlive a moment. Most calls end in
 * microseconds, long before any timeout, and a timer per call (setTimeout,
 * then clearTimeout) cost more than the call itself: in Deno a noop call
 * through shared memory took 3.3–3.5 µs with a timer per call, against
 * 0.58–0.83 µs with no timeout (2 workers, 2000 calls in flight, medians of
 * 30 batches). Registering each call for a later sweep still cost Node
 * 0.6–0.8 µs a call (1.34–1.39 µs against 0.60–0.66). So a call registers
 * nothing: it only says when it would need a timer, and a sweep then, which
 * the pool runs over the calls in flight, arms the ones still pending. The
 * sweep comes when the earliest of those times is due, and never re-arms
 * once nothing is pending.
 */
export class LazyTimers {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #at = Infinity;

  /**
   * `sweep(now)` arms what is due and returns when the next call will need
   * its timer (adapter clock, ms), or Infinity for none.
   */
  constructor(
    private readonly now: () => number,
    private readonly sweep: (now: number) => number,
  ) {}

  /** A call will need a timer of its own at `at` (adapter clock, ms) if it is still pending then. */
  due(at: number): void {
    if (at >= this.#at) return;
    clearTimeout(this.#timer);
    this.#at = at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, at - this.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    this.#at = Infinity;
    const next = this.sweep(this.now());
    if (next !== Infinity) this.due(next);
  }

  /** Drops the sweep (the pool is closing). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Infinity;
  }
}

/** How long a call runs before it gets a timer of its own: a tenth of its limit, at most 10 ms. */
export function armAfter(limitMs: number): number {
  return Math.min(10, limitMs / 10);
}
