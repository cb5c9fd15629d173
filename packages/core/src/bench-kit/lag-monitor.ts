import { percentile } from "../stats/stats.ts";

export interface Lag {
  p50: number;
  p99: number;
  max: number;
}

/**
 * Measures event-loop lag: how late a timer due every `intervalMs` fires.
 * While the thread is blocked, nothing fires, and the one late tick after
 * it records the whole stall.
 */
export class LagMonitor {
  #ticks: Array<{ due: number; lag: number }> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly now: () => number, private readonly intervalMs = 10) {}

  start(): void {
    let due = this.now() + this.intervalMs;
    const tick = () => {
      const t = this.now();
      this.#ticks.push({ due, lag: Math.max(0, t - due) });
      due = t + this.intervalMs;
      this.#timer = setTimeout(tick, this.intervalMs);
    };
    this.#timer = setTimeout(tick, this.intervalMs);
  }

  /** Timer ticks seen so far: how many chances the loop had to run other work. */
  get ticks(): number {
    return this.#ticks.length;
  }

  /** Stops and reports p50/p99/max lag in ms (zeros when no tick fired). */
  stop(): Lag {
    clearTimeout(this.#timer);
    return lagOf(this.#ticks.map((t) => t.lag));
  }

  /**
   * The lag of the ticks that fell due within `spans` (start and end times,
   * on the monitor's clock): one monitor watches rows that take turns, and
   * each row is given the ticks due while it ran. Call after `stop`.
   */
  within(spans: ReadonlyArray<readonly [start: number, end: number]>): Lag {
    return lagOf(this.#ticks.filter((t) => spans.some(([start, end]) => t.due >= start && t.due <= end)).map((t) => t.lag));
  }
}

function lagOf(lags: readonly number[]): Lag {
  if (lags.length === 0) return { p50: 0, p99: 0, max: 0 };
  return { p50: percentile(lags, 50), p99: percentile(lags, 99), max: Math.max(...lags) };
}
