import { percentile } from "../stats.ts";

/**
 * Measures event-loop lag: how late a timer due every `intervalMs` fires.
 * While the thread is blocked, nothing fires, and the one late tick after
 * it records the whole stall.
 */
export class LagMonitor {
  #lags: number[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly now: () => number, private readonly intervalMs = 10) {}

  start(): void {
    let due = this.now() + this.intervalMs;
    const tick = () => {
      const t = this.now();
      this.#lags.push(Math.max(0, t - due));
      due = t + this.intervalMs;
      this.#timer = setTimeout(tick, this.intervalMs);
    };
    this.#timer = setTimeout(tick, this.intervalMs);
  }

  /** Timer ticks seen so far: how many chances the loop had to run other work. */
  get ticks(): number {
    return this.#lags.length;
  }

  /** Stops and reports p50/p99/max lag in ms (zeros when no tick fired). */
  stop(): { p50: number; p99: number; max: number } {
    clearTimeout(this.#timer);
    const lags = this.#lags;
    if (lags.length === 0) return { p50: 0, p99: 0, max: 0 };
    return { p50: percentile(lags, 50), p99: percentile(lags, 99), max: Math.max(...lags) };
  }
}
