import { describe, expect, test } from "vitest";
import { runsPerSample, sampler, stillWarming, type SamplingRule } from "../src/bench/sampling.ts";
import { fallingP, outliers } from "../src/stats.ts";

/** A deterministic "timer": sample i of a sampler with spread ±`spread` around 100 ms (no clock, no randomness). */
function fixture(spread: number): (i: number) => number {
  // A fixed low-discrepancy sequence in [−1, 1].
  return (i) => 100 * (1 + spread * (((i * 0.6180339887) % 1) * 2 - 1));
}

/** Runs the stopping rule on a fixture; time spent is the sum of the samples (the rule is told, not timed). */
function sample(rule: SamplingRule, next: (i: number) => number) {
  const s = sampler(rule);
  let spent = 0;
  while (s.more(spent)) {
    const ms = next(s.samples.length);
    spent += ms;
    s.add(ms);
  }
  return { n: s.samples.length, spent, ...s.result() };
}

const rule: SamplingRule = { floor: 5, precision: 0.02, budgetMs: 60_000 };

describe("the stopping rule", () => {
  test("a quiet sampler stops on precision, soon after the floor", () => {
    const quiet = sample(rule, fixture(0.005));
    expect(quiet.stop).toBe("precision");
    expect(quiet.noisy).toBe(false);
    expect(quiet.n).toBeGreaterThanOrEqual(5);
    // A 95% interval needs six samples: five cover only 93.75%.
    expect(quiet.n).toBe(6);
    expect(quiet.summary.ci.level).toBeGreaterThanOrEqual(0.95);
  });

  test("a noisy sampler stops later than a quiet one", () => {
    const quiet = sample(rule, fixture(0.005));
    const noisy = sample(rule, fixture(0.1));
    expect(noisy.n).toBeGreaterThan(quiet.n);
    expect(noisy.stop).toBe("precision");
    expect((noisy.summary.ci.high - noisy.summary.ci.low) / 2 / noisy.summary.median).toBeLessThanOrEqual(0.02);
  });

  test("the budget stops it, and a scenario whose interval stays wide is marked noisy", () => {
    const r = sample({ ...rule, budgetMs: 1_000 }, fixture(0.3));
    expect(r.stop).toBe("budget");
    expect(r.noisy).toBe(true);
    // It stops before a sample of about the median would overrun the budget.
    expect(r.spent).toBeLessThanOrEqual(1_000 + 130);
    expect(r.n).toBeLessThan(11);
  });

  test("never below the floor, even with no budget at all", () => {
    for (const floor of [1, 3, 5, 8]) {
      const r = sample({ floor, precision: 0.02, budgetMs: 0 }, fixture(0.3));
      expect(r.n).toBe(floor);
      expect(r.stop).toBe("budget");
    }
  });

  test("a precision of 0 with an endless budget ends at the cap", () => {
    const r = sample({ floor: 5, precision: 0, budgetMs: Number.POSITIVE_INFINITY, cap: 40 }, fixture(0.1));
    expect(r.n).toBe(40);
    expect(r.stop).toBe("cap");
  });

  test("the floor wins over a lower cap", () => {
    expect(sample({ floor: 7, precision: 0, budgetMs: 1e9, cap: 3 }, fixture(0.1)).n).toBe(7);
  });

  test("a stalled sample is flagged as an outlier and kept", () => {
    const stalls = (i: number) => (i === 3 ? 900 : fixture(0.01)(i));
    const r = sample({ floor: 8, precision: 0.02, budgetMs: 0 }, stalls);
    expect(r.outliers).toEqual([3]);
    expect(r.summary.max).toBe(900);
  });
});

describe("outliers (modified z-score > 3.5)", () => {
  test("flags the two stalls that swallowed an interval, keeps the rest", () => {
    const xs = [1000, 1010, 995, 1005, 3490, 1002, 998, 3100, 1001];
    expect(outliers(xs)).toEqual([4, 7]);
  });

  test("nothing in a tight or a smoothly spread set", () => {
    expect(outliers([100, 101, 99, 100, 102, 98])).toEqual([]);
    expect(outliers([10, 20, 30, 40, 50, 60, 70])).toEqual([]);
  });

  test("with more than half the samples equal (MAD 0), the mean absolute deviation stands in", () => {
    expect(outliers([5, 5, 5, 5, 5, 5, 50])).toEqual([6]);
    expect(outliers([5, 5, 5, 5])).toEqual([]);
  });

  test("too few samples to judge", () => {
    expect(outliers([])).toEqual([]);
    expect(outliers([1, 100])).toEqual([]);
  });
});

describe("runs per sample (a sample lasts at least minSampleMs)", () => {
  test("a run shorter than the minimum is batched, a longer one is not; the batch is capped", () => {
    expect(runsPerSample(0.02, 10)).toBe(500);
    expect(runsPerSample(2.1, 10)).toBe(5);
    expect(runsPerSample(12, 10)).toBe(1);
    expect(runsPerSample(0.0001, 10)).toBe(1000);
    expect(runsPerSample(5, 0)).toBe(1);
    expect(runsPerSample(Number.NaN, 10)).toBe(1);
  });
  test("the budget counts a sample as its runs' worth of time", () => {
    const rule: SamplingRule = { floor: 2, precision: 0, budgetMs: 1_000, runsPerSample: 10 };
    const s = sampler(rule);
    let spent = 0;
    while (s.more(spent)) {
      s.add(10 + (s.samples.length % 3));
      spent += 10 * s.samples.at(-1)!;
    }
    // Each sample costs ~100 ms of a 1,000 ms budget: it stops near ten samples, not near a hundred.
    expect(s.samples.length).toBeGreaterThanOrEqual(8);
    expect(s.samples.length).toBeLessThanOrEqual(10);
    expect(s.result().stop).toBe("budget");
  });
});

describe("samples still falling (Mann-Kendall, and more than the precision)", () => {
  test("exact for few samples: five that fall every time give 1/120, five that rise give 1", () => {
    expect(fallingP([5, 4, 3, 2, 1])).toBeCloseTo(1 / 120, 12);
    expect(fallingP([1, 2, 3, 4, 5])).toBe(1);
    expect(fallingP([1, 2])).toBe(1);
  });

  test("past 40 samples (normal approximation): a steady fall is found, a level series is not, a series and its reverse sum to about 1", () => {
    const level = Array.from({ length: 60 }, (_, i) => fixture(0.05)(i));
    const falling = level.map((x, i) => x - i);
    expect(fallingP(falling)).toBeLessThan(1e-6);
    expect(fallingP(level)).toBeGreaterThan(0.05);
    expect(fallingP(level) + fallingP([...level].reverse())).toBeCloseTo(1, 1);
  });

  test("a fresh worker's falling samples are warm-up; noise around a level, or a fall within the precision, are not", () => {
    expect(stillWarming([6.3, 2.8, 2.6, 2.3, 2.2], 0.02)).toBe(true);
    expect(stillWarming(Array.from({ length: 20 }, (_, i) => fixture(0.1)(i)), 0.02)).toBe(false);
    // 0.5% over 200 samples: significant, but no larger than the noise the row is allowed.
    expect(stillWarming(Array.from({ length: 200 }, (_, i) => 100.5 - i * 0.0025), 0.02)).toBe(false);
    expect(stillWarming([3, 2, 1], 0.02)).toBe(false); // too few to halve
  });

  test("a sampler can start from samples kept from before", () => {
    const s = sampler(rule, [100, 100, 100]);
    expect(s.samples).toEqual([100, 100, 100]);
    expect(s.more(60_000)).toBe(true); // below the floor of 5, whatever the budget says
    s.add(100);
    s.add(100);
    expect(s.more(60_000)).toBe(false); // the kept ones count toward it
  });
});
