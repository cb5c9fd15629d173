import { describe, expect, test } from "vitest";
import { quantileRanks } from "../src/stats/quantile-ci.ts";
import { medianCi } from "../src/stats/stats.ts";

describe("quantileRanks (order statistics, binomial(n, q))", () => {
  test("the median's ranks are medianCi's", () => {
    for (const n of [5, 10, 31, 200]) {
      const xs = Array.from({ length: n }, (_, i) => i + 1);
      const ci = medianCi(xs);
      const r = quantileRanks(n, 0.5);
      expect([r.low, r.high]).toEqual([ci.low, ci.high]);
      expect(r.level).toBeCloseTo(ci.level, 12);
    }
  });

  test("p99 has an upper bound only from 368 samples", () => {
    // 0.99^367 = 2.501% > 2.5%: the largest value is still too likely to sit below the true p99.
    const small = quantileRanks(367, 0.99);
    expect(small.high).toBe(367);
    expect(small.bounded).toBe(false);
    const enough = quantileRanks(368, 0.99);
    expect(enough.bounded).toBe(true);
    expect(enough.high).toBe(368);
    expect(enough.level).toBeGreaterThanOrEqual(0.95);
    const many = quantileRanks(1000, 0.99);
    expect(many.low).toBeLessThan(990);
    expect(many.high).toBeGreaterThan(990);
    expect(many.high).toBeLessThan(1000);
    expect(many.level).toBeGreaterThanOrEqual(0.95);
    expect(many.bounded).toBe(true);
  });

  test("every tail keeps at most (1 − level) / 2, found by simulation too", () => {
    // Uniform(0,1) samples: the true 0.9 quantile is 0.9; it must fall outside the interval about 5% of the time at most.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const n = 120;
    const r = quantileRanks(n, 0.9);
    let misses = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: n }, random).sort((a, b) => a - b);
      if (!(xs[r.low - 1]! <= 0.9 && 0.9 <= xs[r.high - 1]!)) misses++;
    }
    expect(misses / trials).toBeLessThan(0.065);
    expect(r.level).toBeGreaterThanOrEqual(0.95);
  });

  test("bad input is a clear RangeError", () => {
    expect(() => quantileRanks(0, 0.5)).toThrow(/n ≥ 1/);
    expect(() => quantileRanks(10, 1)).toThrow(/0 < q < 1/);
  });
});
