import { describe, expect, test } from "vitest";
import { MAX_WARMING_DROPS, Rounds, type RoundsRule } from "../src/bench/rounds.ts";
import { median, pairedRatio } from "../src/stats/stats.ts";

/** A deterministic "timer": sample i with spread ±`spread` around `centre` (no clock, no randomness). */
function fixture(spread: number, centre = 100): (i: number) => number {
  // A fixed low-discrepancy sequence in [−1, 1].
  return (i) => centre * (1 + spread * (((i * 0.6180339887) % 1) * 2 - 1));
}

/** A seeded generator, so the orders are the same on every run of the test. */
function seeded(seed = 1): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 48271) >>> 0) % 2147483647) / 2147483647);
}

/**
 * Runs rounds over rows whose sample k is `times[row](k, round)`; time spent
 * is the sum of the samples (the rule is told, not timed). Returns each
 * row's verdict, the orders, and the time spent.
 */
function play(rule: RoundsRule, rows: Array<{ baseline?: boolean; time: (k: number, round: number) => number; failAt?: number }>) {
  const rounds = new Rounds(rows.map((r) => ({ baseline: r.baseline ?? false })), rule, seeded());
  const orders: number[][] = [];
  const taken = rows.map(() => 0);
  let spent = 0;
  for (let order = rounds.next(spent); order.length; order = rounds.next(spent)) {
    orders.push(order);
    for (const i of order) {
      if (rows[i]!.failAt === taken[i]) {
        rounds.fail(i);
        continue;
      }
      const ms = rows[i]!.time(taken[i]!++, orders.length - 1);
      spent += ms;
      rounds.add(i, ms);
    }
  }
  return { results: rows.map((_, i) => rounds.result(i)), orders, spent, taken: rows.map((_, i) => rounds.taken(i)) };
}

const rule: RoundsRule = { floor: 5, precision: 0.02, budgetMs: 60_000 };

describe("one row alone: the stopping rule on its own interval", () => {
  const alone = (r: RoundsRule, time: (k: number) => number) => {
    const { results, spent } = play(r, [{ baseline: true, time }]);
    return { ...results[0]!, n: results[0]!.samples.length, spent };
  };

  test("a quiet row stops on precision, soon after the floor", () => {
    const quiet = alone(rule, fixture(0.005));
    expect(quiet.stop).toBe("precision");
    expect(quiet.noisy).toBe(false);
    // A 95% interval needs six samples: five cover only 93.75%.
    expect(quiet.n).toBe(6);
    expect(quiet.summary.ci.level).toBeGreaterThanOrEqual(0.95);
  });

  test("a noisy row stops later than a quiet one", () => {
    const noisy = alone(rule, fixture(0.1));
    expect(noisy.n).toBeGreaterThan(6);
    expect(noisy.stop).toBe("precision");
    expect((noisy.summary.ci.high - noisy.summary.ci.low) / 2 / noisy.summary.median).toBeLessThanOrEqual(0.02);
  });

  test("the budget stops it before a round would overrun, and a row whose interval stays wide is marked noisy", () => {
    const r = alone({ ...rule, budgetMs: 1_000 }, fixture(0.3));
    expect(r.stop).toBe("budget");
    expect(r.noisy).toBe(true);
    expect(r.spent).toBeLessThanOrEqual(1_000 + 130);
    expect(r.n).toBeLessThan(11);
  });

  test("never below the floor, even with no budget at all", () => {
    for (const floor of [1, 3, 5, 8]) {
      const r = alone({ floor, precision: 0.02, budgetMs: 0 }, fixture(0.3));
      expect(r.n).toBe(floor);
      expect(r.stop).toBe("budget");
    }
  });

  test("a precision of 0 with an endless budget ends at the cap; the floor wins over a lower cap", () => {
    const r = alone({ floor: 5, precision: 0, budgetMs: Number.POSITIVE_INFINITY, cap: 40 }, fixture(0.1));
    expect(r.n).toBe(40);
    expect(r.stop).toBe("cap");
    expect(alone({ floor: 7, precision: 0, budgetMs: 1e9, cap: 3 }, fixture(0.1)).n).toBe(7);
  });

  test("a stalled sample is flagged as an outlier and kept", () => {
    const r = alone({ floor: 8, precision: 0.02, budgetMs: 0 }, (i) => (i === 3 ? 900 : fixture(0.01)(i)));
    expect(r.outliers).toEqual([3]);
    expect(r.summary.max).toBe(900);
  });
});

describe("rows in rounds, paired with the baseline", () => {
  test("every round runs each row still sampling once, the baseline in every round, in orders that vary", () => {
    // Ratios that never settle within a precision of 0.1%: every row samples to the cap.
    const { orders, results } = play({ ...rule, precision: 0.001, cap: 12 }, [
      { baseline: true, time: (k) => 100 * (1 + 0.01 * (k % 2)) },
      { time: (k) => 50 * (1 + 0.01 * (k % 3)) },
      { time: (k) => 30 * (1 + 0.01 * (k % 5)) },
    ]);
    expect(orders).toHaveLength(12);
    for (const o of orders) expect([...o].sort()).toEqual([0, 1, 2]);
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1);
    // Each row's sample has the baseline's from its own round beside it.
    for (const r of results.slice(1)) expect(r!.pairedBaselineMs).toEqual(results[0]!.samples);
    expect(results[0]!.pairedBaselineMs).toBeUndefined();
  });

  test("drift cancels in pairs: a machine slowing by half over the run leaves the paired speed-up at 2, narrow, while separate medians would move", () => {
    // Both sides slow down by the same factor round after round, as a drifting host does to them.
    const drift = (round: number) => 1 + round / 20;
    const { results } = play({ ...rule, budgetMs: 1e9 }, [
      { baseline: true, time: (k, round) => 100 * drift(round) * (1 + 0.002 * Math.sin(k)) },
      { time: (k, round) => 50 * drift(round) * (1 + 0.002 * Math.cos(k)) },
    ]);
    const [base, row] = results;
    const ratio = pairedRatio(row!.pairedBaselineMs!, row!.samples)!;
    expect(ratio.value).toBeCloseTo(2, 2);
    expect((ratio.high - ratio.low) / 2 / ratio.value).toBeLessThanOrEqual(0.02);
    expect(row!.stop).toBe("precision");
    expect(row!.noisy).toBe(false);
    // The absolute times themselves spread by the drift.
    expect(base!.summary.max / base!.summary.min).toBeGreaterThan(1.2);
  });

  test("a row stops on its speed-up's interval; the baseline goes on while another row still samples, so every sample keeps its pair", () => {
    const { results, taken } = play({ ...rule, budgetMs: 1e9 }, [
      { baseline: true, time: fixture(0.001) },
      { time: fixture(0.001, 50) },
      { time: fixture(0.08, 40) },
    ]);
    const [base, quiet, noisy] = results;
    expect(quiet!.samples).toHaveLength(6);
    expect(noisy!.samples.length).toBeGreaterThan(10);
    expect(base!.samples).toHaveLength(noisy!.samples.length);
    expect(noisy!.pairedBaselineMs).toHaveLength(noisy!.samples.length);
    expect(quiet!.pairedBaselineMs).toEqual(base!.samples.slice(0, 6));
    expect(taken).toEqual(results.map((r) => r!.samples.length));
  });

  test("a row whose samples keep falling has its first half counted as warm-up, a floor more taken, and is marked after the last drop", () => {
    const falling = (k: number) => 100 * 0.97 ** k;
    const { results, taken } = play(rule, [
      { baseline: true, time: fixture(0.001) },
      { time: falling },
    ]);
    const row = results[1]!;
    expect(row.warming).toBeDefined();
    expect(row.warming![0]).toBeGreaterThan(row.warming![1]);
    expect(row.dropped).toBeGreaterThan(0);
    expect(taken[1]).toBe(row.samples.length + row.dropped);
    // Pairs are dropped with their samples: the ratio still compares samples of the same round.
    expect(row.pairedBaselineMs).toHaveLength(row.samples.length);
    expect(MAX_WARMING_DROPS).toBe(2);
    // A steady row is never marked.
    expect(play(rule, [{ baseline: true, time: fixture(0.001) }, { time: fixture(0.001, 50) }]).results[1]!.warming).toBeUndefined();
  });

  test("samples falling on the baseline's side of a row's pairs count as warm-up for that row's ratio too", () => {
    const { results } = play({ ...rule, budgetMs: 0 }, [
      { baseline: true, time: (k) => 100 * 0.95 ** Math.min(k, 10) },
      { time: fixture(0.001, 50) },
    ]);
    expect(results[1]!.dropped).toBeGreaterThan(0);
  });

  test("a failed row drops out; a failed baseline leaves the rows unpaired, on their own intervals", () => {
    const failedRow = play(rule, [{ baseline: true, time: fixture(0.001) }, { time: fixture(0.001, 50), failAt: 2 }, { time: fixture(0.001, 70) }]);
    expect(failedRow.results[1]).toBeUndefined();
    expect(failedRow.results[2]!.stop).toBe("precision");
    const failedBase = play(rule, [{ baseline: true, time: fixture(0.001), failAt: 0 }, { time: fixture(0.001, 50) }]);
    expect(failedBase.results[0]).toBeUndefined();
    expect(failedBase.results[1]!.pairedBaselineMs).toBeUndefined();
    expect(failedBase.results[1]!.stop).toBe("precision");
  });
});

describe("pairedRatio", () => {
  test("the median of the pairs' ratios, with the median's order-statistic interval; pairs without two positive times are left out", () => {
    const r = pairedRatio([10, 20, 30, 40, 50, 60], [5, 10, 15, 20, 25, 20])!;
    expect(r.value).toBe(2);
    expect(r.n).toBe(6);
    expect(r.low).toBe(2);
    expect(r.high).toBe(3);
    expect(r.level).toBeGreaterThanOrEqual(0.95);
    expect(pairedRatio([10, Number.NaN, 0], [5, 5, 5])!.n).toBe(1);
    expect(pairedRatio([], [])).toBeUndefined();
    expect(median([2, 2, 2])).toBe(2);
  });
});
