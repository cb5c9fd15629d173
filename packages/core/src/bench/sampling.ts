import { outliers, relativeHalfWidth, summarize, type Summary } from "../stats.ts";

/**
 * Warm-up that lasts until timings settle: after the plan's minimum, another
 * run while the last one was more than 5% faster than the one before (the JIT
 * is still compiling, in this thread or a worker's), up to `runs` runs or
 * `extraMs` beyond the minimum. A fixed count let cold runs into the samples
 * (Deno's pool calls took twice as long in the first samples as in the last).
 */
export function settling(minimum: number, limits = { runs: 30, extraMs: 3_000 }): { add(ms: number): void; more(): boolean } {
  const times: number[] = [];
  let extra = 0;
  return {
    add(ms) {
      if (times.length >= minimum) extra += ms;
      times.push(ms);
    },
    more() {
      if (minimum === 0) return false;
      if (times.length < Math.max(2, minimum)) return true;
      if (times.length >= limits.runs || extra >= limits.extraMs) return false;
      const [before, last] = times.slice(-2) as [number, number];
      return last < before * 0.95;
    },
  };
}

/** Why sampling ended: the interval was narrow enough, the time was spent, or the sample cap was reached. */
export type StopReason = "precision" | "budget" | "cap";

export interface SamplingRule {
  /** Samples taken whatever the budget says. */
  floor: number;
  /** Target half-width of the median's 95% CI, as a fraction of the median. */
  precision: number;
  /** Time the scenario may take in all (ms), warm-up and start-up included. */
  budgetMs: number;
  /** Samples at most, however quick they are (keeps result files small). */
  cap?: number;
}

export const MAX_SAMPLES = 200;

export interface Sampling {
  summary: Summary;
  stop: StopReason;
  /** The interval ended wider than the target. */
  noisy: boolean;
  /** Indices of samples whose modified z-score exceeds 3.5; they stay in every figure. */
  outliers: number[];
}

/**
 * The stopping rule, after the bench-node and mitata idea of sampling to a
 * precision rather than to a count: keep sampling until the median's 95%
 * confidence interval is within ±`precision` of the median, or until one
 * more sample (about a median's worth) would overrun the budget; never below
 * the floor, never past the cap. The caller supplies the time spent, so the
 * rule is a pure function of what it is told and can be tested without a clock.
 */
export function sampler(rule: SamplingRule) {
  const samples: number[] = [];
  const cap = Math.max(rule.floor, rule.cap ?? MAX_SAMPLES);
  let stop: StopReason | undefined;
  let last: Summary | undefined;
  return {
    samples: samples as readonly number[],
    add(ms: number): void {
      samples.push(ms);
      last = undefined;
    },
    /** Whether to take another sample, `spentMs` into the scenario. */
    more(spentMs: number): boolean {
      if (samples.length < rule.floor) return true;
      if (samples.length >= cap) return !(stop = "cap");
      const s = (last ??= summarize(samples));
      // An interval from too few samples to cover 95% (fewer than 6) cannot meet the target yet.
      if (s.ci.level >= 0.95 && relativeHalfWidth(s) <= rule.precision) return !(stop = "precision");
      if (spentMs + s.median > rule.budgetMs) return !(stop = "budget");
      return true;
    },
    /** The verdict once `more` has said no (or the caller stopped early). */
    result(): Sampling {
      const summary = (last ??= summarize(samples));
      return {
        summary,
        stop: stop ?? "budget",
        noisy: relativeHalfWidth(summary) > rule.precision,
        outliers: outliers(samples),
      };
    },
  };
}
