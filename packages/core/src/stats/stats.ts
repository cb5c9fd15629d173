import { binomialCdfs, quantileRanks } from "./quantile-ci.ts";

export interface Summary {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  /** Median absolute deviation (unscaled). */
  mad: number;
  /** Distribution-free confidence interval for the median, from order statistics. */
  ci: { low: number; high: number; level: number };
}

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("median of no samples");
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("mean of no samples");
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1); 0 for a single sample. */
export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/**
 * Confidence interval for the median from order statistics: the widest
 * symmetric ranks [j, n+1−j] whose coverage is at least `level`. It assumes
 * nothing about the distribution (timings are skewed). With too few samples
 * for `level` it returns [min, max] and the coverage actually achieved.
 */
export function medianCi(xs: readonly number[], level = 0.95): Summary["ci"] {
  const s = sorted(xs);
  const n = s.length;
  if (n === 0) throw new RangeError("confidence interval of no samples");
  // The median's ranks are symmetric, [x(j), x(n+1-j)], as Binomial(n, 1/2) is; so is the coverage: 1 − 2·P(B ≤ j−1).
  const { low, high } = quantileRanks(n, 0.5, level);
  return { low: s[low - 1]!, high: s[high - 1]!, level: n === 1 ? 0 : 1 - 2 * binomialCdfs(n, 0.5)[low - 1]! };
}

export function summarize(xs: readonly number[]): Summary {
  const s = sorted(xs);
  return {
    n: s.length,
    median: median(s),
    mean: mean(s),
    min: s[0]!,
    max: s[s.length - 1]!,
    stddev: stddev(s),
    mad: mad(s),
    ci: medianCi(s),
  };
}

/** A ratio and its 95% interval (or what coverage its samples allow: see `medianCi`). */
export interface Ratio {
  value: number;
  low: number;
  high: number;
}

export interface Scaling {
  /**
   * How many times as fast as the baseline. Measured in pairs (`pairs` set):
   * the median of baseline ÷ this row over samples taken in the same round,
   * with that median's distribution-free interval. Otherwise the baseline's
   * median ÷ this median, bounded by the two medians' intervals.
   */
  speedup: Ratio;
  /** Speed-up ÷ threads. */
  efficiency: number;
  /** Karp–Flatt experimentally determined serial fraction; undefined for 1 thread. */
  karpFlatt?: number;
  /** Rounds whose baseline and row samples gave the ratio (absent: the ratio of two medians from separate runs). */
  pairs?: number;
}

/** Karp–Flatt metric e = (1/S − 1/p) / (1 − 1/p). */
export function karpFlatt(speedup: number, threads: number): number | undefined {
  if (threads <= 1 || !(speedup > 0)) return undefined;
  return (1 / speedup - 1 / threads) / (1 - 1 / threads);
}

/** Undefined when a median is not a positive time (a clock too coarse for the work). */
export function scaling(baseline: Summary, run: Summary, threads: number): Scaling | undefined {
  const value = baseline.median / run.median;
  if (!(baseline.median > 0 && run.median > 0 && run.ci.low > 0 && Number.isFinite(value))) return undefined;
  const result: Scaling = {
    speedup: { value, low: baseline.ci.low / run.ci.high, high: baseline.ci.high / run.ci.low },
    efficiency: value / threads,
  };
  const e = karpFlatt(value, threads);
  if (e !== undefined) result.karpFlatt = e;
  return result;
}

/**
 * A ratio measured in pairs: `numerator[i] ÷ denominator[i]` for samples
 * taken side by side (the same round, in random order), so a machine that
 * drifts slower or faster moves both and the ratio stays. Its median, with
 * the median's order-statistic interval (`medianCi`): no assumption about
 * how ratios spread, the same rule as every other interval here, and its
 * coverage is recorded (five pairs cover 93.75%). Undefined without a pair
 * of positive times. After "randomized multiple interleaved trials" (Abedi
 * and Brecht, ICPE 2017).
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): (Ratio & { n: number; level: number }) | undefined {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(numerator.length, denominator.length); i++) {
    const r = numerator[i]! / denominator[i]!;
    if (numerator[i]! > 0 && denominator[i]! > 0 && Number.isFinite(r)) ratios.push(r);
  }
  if (ratios.length === 0) return undefined;
  const ci = medianCi(ratios);
  return { value: median(ratios), low: ci.low, high: ci.high, n: ratios.length, level: ci.level };
}

/** Speed-up from pairs of (baseline, row) samples, with efficiency and Karp–Flatt from its median; undefined without pairs. */
export function pairedScaling(baselineMs: readonly number[], rowMs: readonly number[], threads: number): Scaling | undefined {
  const r = pairedRatio(baselineMs, rowMs);
  if (!r) return undefined;
  const result: Scaling = { speedup: { value: r.value, low: r.low, high: r.high }, efficiency: r.value / threads, pairs: r.n };
  const e = karpFlatt(r.value, threads);
  if (e !== undefined) result.karpFlatt = e;
  return result;
}

/** Half a ratio's interval as a fraction of the ratio (0.02 = ±2%); Infinity when undefined. */
export function ratioHalfWidth(r: Ratio): number {
  return r.value > 0 ? (r.high - r.low) / 2 / r.value : Number.POSITIVE_INFINITY;
}

/** Percentile by nearest rank, p in [0, 100]. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new RangeError("percentile of no samples");
  const s = sorted(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

/** Half the width of the median's confidence interval as a fraction of the median (0.02 = ±2%); Infinity when undefined. */
export function relativeHalfWidth(summary: Pick<Summary, "median" | "ci">): number {
  const { median: m, ci } = summary;
  return m > 0 ? (ci.high - ci.low) / 2 / m : Number.POSITIVE_INFINITY;
}

/**
 * Indices of outliers by the modified z-score of Iglewicz and Hoaglin,
 * M = 0.6745 (x − median) / MAD, flagged when |M| > `threshold` (3.5, their
 * recommendation). Where more than half the samples are equal (MAD 0) the
 * mean absolute deviation × 1.253314 stands in, as they suggest.
 * Flagged samples stay in every figure: the flag says where to look.
 */
export function outliers(xs: readonly number[], threshold = 3.5): number[] {
  if (xs.length < 3) return [];
  const m = median(xs);
  const spread = mad(xs);
  const scale = spread > 0 ? spread / 0.6745 : 1.253314 * mean(xs.map((x) => Math.abs(x - m)));
  if (!(scale > 0)) return [];
  const out: number[] = [];
  xs.forEach((x, i) => {
    if (Math.abs(x - m) / scale > threshold) out.push(i);
  });
  return out;
}

/** Permutations of n items by their count of inversions (Mahonian numbers): the exact null distribution of Kendall's S. */
function inversionCounts(n: number): number[] {
  let counts = [1];
  for (let k = 2; k <= n; k++) {
    const next = new Array<number>(counts.length + k - 1).fill(0);
    for (let i = 0; i < counts.length; i++) for (let j = 0; j < k; j++) next[i + j]! += counts[i]!;
    counts = next;
  }
  return counts;
}

/** Beyond this many samples the normal approximation of Kendall's S serves (the exact counts pass 2^53 from 19 samples on, still close enough). */
const EXACT_UP_TO = 40;

/**
 * One-sided p-value that `xs`, in the order taken, fall over time: Kendall's
 * rank correlation with their index (the Mann-Kendall trend test), exact by
 * counting permutations up to 40 samples (ties count as rises there, which
 * errs towards "not falling"), normal beyond with a continuity correction.
 * Five samples that fall every time give 1/120. 1 for fewer than three samples.
 */
export function fallingP(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return 1;
  let falls = 0;
  let rises = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (xs[i]! > xs[j]!) falls++;
      else if (xs[i]! < xs[j]!) rises++;
    }
  }
  if (n <= EXACT_UP_TO) {
    const counts = inversionCounts(n);
    let tail = 0;
    let total = 0;
    counts.forEach((c, k) => {
      total += c;
      if (k >= falls) tail += c;
    });
    return tail / total;
  }
  const s = falls - rises; // Kendall's S, positive when falling
  const sd = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  return 1 - normalCdf((s - 1) / sd);
}

/** Φ(z), from the Abramowitz and Stegun erf approximation (7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
