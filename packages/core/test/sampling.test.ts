import { describe, expect, test } from "vitest";
import { runsPerSample, stillWarming } from "../src/bench/sampling.ts";
import { fallingP, outliers } from "../src/stats/stats.ts";

/** A deterministic "timer": sample i with spread ±`spread` around 100 ms (no clock, no randomness). */
function fixture(spread: number): (i: number) => number {
  // A fixed low-discrepancy sequence in [−1, 1].
  return (i) => 100 * (1 + spread * (((i * 0.6180339887) % 1) * 2 - 1));
}

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
});
