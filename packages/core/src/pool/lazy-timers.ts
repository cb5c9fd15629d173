/**
 * Timers for the calls that outlive a moment. Most calls end in
 * microseconds, long before any timeout, and a timer per call (setTimeout,
 * then clearTimeout) cost more than the call itself: in Deno a noop call
 * through shared memory took 3.3–3.5 µs with a timer per call, against
 * 0.58–0.83 µs with no timeout and 1.28–1.57 µs with these (2 workers, 2000
 * calls in flight, medians of 30 batches). So one sweep timer
 * serves every call: a call still pending when it fires gets its own timer
 * then, told how long it has been running. The sweep comes within `step`
 * of the call's start, and never re-arms once nothing is pending.
 */
export class LazyTimers {
  #pending = new Set<{ since: number; arm: (elapsedMs: number) => void }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #at = Infinity;

  constructor(private readonly now: () => number) {}

  /** `arm(elapsed)` runs at a sweep at most `step` ms after `since`, unless the returned cancel runs first. */
  add(since: number, step: number, arm: (elapsedMs: number) => void): () => void {
    const entry = { since, arm };
    this.#pending.add(entry);
    if (since + step < this.#at) {
      clearTimeout(this.#timer);
      this.#at = since + step;
      this.#timer = setTimeout(() => this.#sweep(), Math.max(0, this.#at - this.now()));
    }
    return () => this.#pending.delete(entry);
  }

  #sweep(): void {
    this.#timer = undefined;
    this.#at = Infinity;
    const now = this.now();
    const due = [...this.#pending];
    this.#pending.clear();
    for (const e of due) e.arm(now - e.since);
  }

  /** Drops every pending arm and the sweep (the pool is closing). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Infinity;
    this.#pending.clear();
  }
}
