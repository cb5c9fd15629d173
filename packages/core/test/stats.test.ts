import { describe, expect, test } from "vitest";
import { karpFlatt, mad, mean, median, medianCi, percentile, scaling, stddev, summarize } from "../src/stats/stats.ts";

/** 1..n in a scrambled order, so every function must sort for itself. */
function scrambled(n: number): number[] {
  const xs = Array.from({ length: n }, (_, i) => i + 1);
  // A fixed permutation: multiply indices by a unit mod n.
  const step = n === 20 ? 7 : 3;
  return xs.map((_, i) => xs[(i * step) % n]!);
}

describe("median / mean / stddev / mad", () => {
  test("median of odd and even counts, unsorted input, input left untouched", () => {
    const odd = [3, 1, 2];
    expect(median(odd)).toBe(2);
    expect(odd).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    // Numeric, not lexicographic, ordering.
    expect(median([10, 9, 100])).toBe(10);
  });

  test("mean", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([-1, 1])).toBe(0);
  });

  test("stddev is the sample (n − 1) standard deviation", () => {
    // mean 5, squared deviations sum to 32, 32 / 7.
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(stddev([1, 3])).toBeCloseTo(Math.SQRT2, 12);
    expect(stddev([5])).toBe(0);
    expect(stddev([4, 4, 4])).toBe(0);
  });

  test("mad is the unscaled median absolute deviation", () => {
    // median 2; |x − 2| = 1 1 0 0 2 4 7 → sorted 0 0 1 1 2 4 7 → 1
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(mad([5, 5, 5])).toBe(0);
    // median 2.5; deviations 1.5 .5 .5 1.5 → 1
    expect(mad([1, 2, 3, 4])).toBe(1);
  });
});

describe("percentile (nearest rank)", () => {
  const xs = [50, 15, 40, 20, 35];
  test.each([
    [0, 15],
    [5, 15],
    [30, 20],
    [40, 20],
    [50, 35],
    [99, 50],
    [100, 50],
  ])("p%d", (p, expected) => {
    expect(percentile(xs, p)).toBe(expected);
  });
  test("a single sample is every percentile", () => {
    expect(percentile([3], 0)).toBe(3);
    expect(percentile([3], 99)).toBe(3);
  });
});

describe("medianCi (order statistics, binomial(n, 1/2))", () => {
  test("n = 1: the sample itself, coverage 0", () => {
    expect(medianCi([4])).toEqual({ low: 4, high: 4, level: 0 });
  });

  test("n = 2: [min, max] with coverage 1 − 2·(1/4) = 0.5", () => {
    expect(medianCi([9, 1])).toEqual({ low: 1, high: 9, level: 0.5 });
  });

  test("n = 5: too few for 95 %, so [min, max] with the achieved 1 − 2/32 = 0.9375", () => {
    expect(medianCi([5, 3, 1, 4, 2])).toEqual({ low: 1, high: 5, level: 0.9375 });
  });

  test("n = 10: ranks 2 and 9", () => {
    // Coverage of [x(j), x(11−j)] = 1 − 2·P(B ≤ j−1), B ~ Bin(10, 1/2), 2^10 = 1024:
    //   j=1: 1 − 2·1/1024            = 0.99805
    //   j=2: 1 − 2·(1+10)/1024       = 0.97852  ≥ 0.95  ← widest-rank choice
    //   j=3: 1 − 2·(1+10+45)/1024    = 0.89063  < 0.95
    const ci = medianCi(scrambled(10));
    expect(ci.low).toBe(2);
    expect(ci.high).toBe(9);
    expect(ci.level).toBeCloseTo(1 - 22 / 1024, 12);
  });

  test("n = 10 at level 0.89: ranks 3 and 8", () => {
    //   j=3: 0.890625 ≥ 0.89; j=4: 1 − 2·(1+10+45+120)/1024 = 0.65625 < 0.89
    expect(medianCi(scrambled(10), 0.89)).toEqual({ low: 3, high: 8, level: 1 - 112 / 1024 });
  });

  test("n = 20: ranks 6 and 15", () => {
    // B ~ Bin(20, 1/2), 2^20 = 1048576; C(20,i) for i=0..6: 1 20 190 1140 4845 15504 38760
    //   j=6: P(B ≤ 5) = 21700/1048576, coverage 1 − 43400/1048576  = 0.95861 ≥ 0.95  ← chosen
    //   j=7: P(B ≤ 6) = 60460/1048576, coverage 1 − 120920/1048576 = 0.88468 < 0.95
    const xs = scrambled(20);
    expect(new Set(xs).size).toBe(20);
    const ci = medianCi(xs);
    expect(ci.low).toBe(6);
    expect(ci.high).toBe(15);
    expect(ci.level).toBeCloseTo(1 - 43400 / 1048576, 12);
  });

  test("the interval always contains the median", () => {
    for (let n = 1; n <= 40; n++) {
      const xs = Array.from({ length: n }, (_, i) => (i * 37) % 101);
      const ci = medianCi(xs);
      const m = median(xs);
      expect(ci.low).toBeLessThanOrEqual(m);
      expect(ci.high).toBeGreaterThanOrEqual(m);
      expect(ci.level).toBeGreaterThanOrEqual(0);
      expect(ci.level).toBeLessThanOrEqual(1);
    }
  });
});

describe("summarize", () => {
  test("every figure for a small sample", () => {
    expect(summarize([5, 1, 3])).toEqual({
      n: 3,
      median: 3,
      mean: 3,
      min: 1,
      max: 5,
      stddev: 2,
      mad: 2, // |x − 3| = 2 2 0
      ci: { low: 1, high: 5, level: 0.75 }, // 1 − 2/8
    });
  });

  test("does not modify its input", () => {
    const xs = [3, 2, 1];
    summarize(xs);
    expect(xs).toEqual([3, 2, 1]);
  });
});

describe("karpFlatt", () => {
  test("e = (1/S − 1/p) / (1 − 1/p)", () => {
    // (1/1.8 − 1/2) / (1/2) = (0.5556 − 0.5) / 0.5 = 0.1111…
    expect(karpFlatt(1.8, 2)).toBeCloseTo(1 / 9, 12);
    expect(karpFlatt(2, 2)).toBeCloseTo(0, 12); // perfect speed-up: no serial fraction
    expect(karpFlatt(1, 4)).toBeCloseTo(1, 12); // no speed-up: all serial
    expect(karpFlatt(3, 4)).toBeCloseTo((1 / 3 - 1 / 4) / (3 / 4), 12);
  });

  test("undefined for one thread or a meaningless speed-up", () => {
    expect(karpFlatt(1.8, 1)).toBeUndefined();
    expect(karpFlatt(1, 0)).toBeUndefined();
    expect(karpFlatt(0, 2)).toBeUndefined();
    expect(karpFlatt(Number.NaN, 2)).toBeUndefined();
    expect(karpFlatt(-1, 2)).toBeUndefined();
  });
});

describe("scaling", () => {
  // Baseline: median 10, CI (n=5) [8, 12]. Run: median 5, CI [4, 6].
  const baseline = summarize([8, 9, 10, 11, 12]);
  const run = summarize([4, 4.5, 5, 5.5, 6]);

  test("speed-up value and bounds from the two CIs, efficiency, Karp–Flatt", () => {
    const s = scaling(baseline, run, 2)!;
    expect(s.speedup.value).toBe(2);
    expect(s.speedup.low).toBeCloseTo(8 / 6, 12); // slowest baseline / fastest-case bound of run
    expect(s.speedup.high).toBe(3); // 12 / 4
    expect(s.efficiency).toBe(1);
    expect(s.karpFlatt).toBeCloseTo(0, 12);
  });

  test("with 4 threads the efficiency halves", () => {
    const s = scaling(baseline, run, 4)!;
    expect(s.efficiency).toBe(0.5);
    expect(s.karpFlatt).toBeCloseTo((1 / 2 - 1 / 4) / (3 / 4), 12);
  });

  test("one thread: no karpFlatt property at all", () => {
    const s = scaling(baseline, baseline, 1)!;
    expect(s.speedup).toEqual({ value: 1, low: 8 / 12, high: 12 / 8 });
    expect(s.efficiency).toBe(1);
    expect("karpFlatt" in s).toBe(false);
  });

  test("no ratios when a median is zero (a clock too coarse for the work)", () => {
    const zero = summarize([0, 0, 0]);
    expect(scaling(zero, run, 2)).toBeUndefined();
    expect(scaling(baseline, zero, 2)).toBeUndefined();
  });
});

describe("medianCi for large n (log-space binomial)", () => {
  test("n = 2000 keeps a real interval near the 95% level", () => {
    const xs = Array.from({ length: 2000 }, (_, i) => i + 1);
    const ci = medianCi(xs);
    // Normal approximation: ranks 1000 ± 1.96·√2000/2 ≈ 1000 ± 44.
    expect(ci.low).toBeGreaterThan(950);
    expect(ci.low).toBeLessThan(960);
    expect(ci.high).toBeGreaterThan(1040);
    expect(ci.high).toBeLessThan(1050);
    expect(ci.level).toBeGreaterThanOrEqual(0.95);
    expect(ci.level).toBeLessThan(0.96);
  });
});

describe("errors on empty input", () => {
  test.each([
    ["median", () => median([])],
    ["mean", () => mean([])],
    ["mad", () => mad([])],
    ["percentile", () => percentile([], 50)],
    ["medianCi", () => medianCi([])],
    ["summarize", () => summarize([])],
  ])("%s throws a RangeError", (_, f) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(/no samples/);
  });

  test("stddev of nothing is 0 (documented: fewer than two samples)", () => {
    expect(stddev([])).toBe(0);
  });
});
