import { fallingP, median } from "../stats/stats.ts";

/**
 * Warm-up that lasts until timings settle: after the plan's minimum (and at
 * least two runs), another run while the last one set a new best by more
 * than 3% (the JIT is still compiling, in this thread or a worker's), up to
 * `runs` runs or `extraMs` beyond the minimum. Runs shorter than `minMs`
 * warm up for `minMs` in all, whatever `extraMs` allows (within `runs`),
 * and are judged two at a time, by the best:
 * noise only ever adds time, and a slow run between two fast ones used to end
 * the warm-up while a fresh worker was still getting faster (Node's noop
 * through one worker: 4.5, 2.4, 1.1, 0.9 ms … 0.8 ms twenty samples later),
 * so two runs of one plan disagreed by 40%.
 */
export function settling(
  minimum: number,
  limits: { runs: number; extraMs: number; minMs?: number } = { runs: 30, extraMs: 3_000 },
): { add(ms: number): void; more(): boolean; best(): number } {
  const times: number[] = [];
  let extra = 0;
  let total = 0;
  return {
    add(ms) {
      if (times.length >= minimum) extra += ms;
      total += ms;
      times.push(ms);
    },
    more() {
      if (minimum === 0) return false;
      if (times.length < Math.max(2, minimum)) return true;
      if (times.length >= limits.runs) return false;
      // Short runs plateau before the JIT's next tier (a fresh worker's noop: twelve runs at 2.3 ms, then 0.45 ms): a floor of time, not of runs,
      // and a floor whatever the budget says (a row left no budget warmed for two runs, and quick's mandelbrot workers(2) ran slower than sequential).
      const floor = limits.minMs ?? 0;
      if (total < floor) return true;
      if (extra >= limits.extraMs) return false;
      // Runs that each last the floor are compared one to one; shorter ones, whose hiccups outweigh a JIT step, two at a time.
      const w = Math.min(...times.slice(-2)) >= floor ? 1 : 2;
      if (times.length <= w) return true;
      return Math.min(...times.slice(-w)) < Math.min(...times.slice(0, -w)) * 0.97;
    },
    /** The best of the last three runs: what a run costs once warm (NaN before any). */
    best: () => (times.length ? Math.min(...times.slice(-3)) : NaN),
  };
}

/**
 * Runs per timed sample, so that a sample lasts at least `minSampleMs`: a
 * run of microseconds (noop inline) is below what one clock reading can
 * tell apart, and a run of 2 ms through workers is one scheduler hiccup
 * away from twice its time. After mitata's and bench-node's batching; the
 * sample is the batch's mean. `runMs` is a settled warm-up run's time.
 */
export function runsPerSample(runMs: number, minSampleMs: number, cap = 1_000): number {
  if (!(runMs > 0) || minSampleMs <= runMs) return 1;
  return Math.min(cap, Math.ceil(minSampleMs / runMs));
}

/** A fall over the samples this unlikely by chance (one-sided), and larger than the precision, is warm-up still going on. */
export const FALLING_P = 0.05;

/**
 * Whether `samples`, in the order taken, were still getting faster: the
 * Mann-Kendall test says so at FALLING_P, and the first half's median exceeds
 * the second half's by more than `precision` (a drift too small to matter is
 * significant over 200 samples). Fresh workers tier up over about a thousand
 * calls, and a warm-up judged settled could end on a plateau before the next
 * step: in quick runs, 15% of rows had samples that kept falling.
 */
export function stillWarming(samples: readonly number[], precision: number): boolean {
  if (samples.length >> 1 < 2 || fallingP(samples) >= FALLING_P) return false;
  const [first, second] = halfMedians(samples);
  return first > second * (1 + precision);
}

/** The medians of the first and the last half of `samples` (the middle one of an odd count in neither). */
export function halfMedians(samples: readonly number[]): [first: number, second: number] {
  const half = samples.length >> 1;
  return [median(samples.slice(0, half)), median(samples.slice(samples.length - half))];
}
