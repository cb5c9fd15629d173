/** P(X ≤ k) for k = 0..n, X ~ Binomial(n, p), 0 < p < 1: terms in log space so large n does not underflow. */
export function binomialCdfs(n: number, p: number): Float64Array {
  const lq = Math.log1p(-p);
  // log(p/q), once: 0 at p = 1/2, where the sums are then exactly medianCi's of old.
  const odds = Math.log(p) - lq;
  const cdf = new Float64Array(n + 1);
  let logTerm = n * lq; // log(C(n,0) p^0 q^n)
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    sum += Math.exp(logTerm);
    cdf[i] = Math.min(1, sum);
    logTerm += Math.log(n - i) - Math.log(i + 1) + odds;
  }
  cdf[n] = 1;
  return cdf;
}

/** Ranks (1-based, into the sorted sample) bounding a quantile, and the coverage they give. */
export interface QuantileRanks {
  low: number;
  high: number;
  /** The coverage these ranks give together. */
  level: number;
  /**
   * false when even the largest value leaves more than (1 − level)/2 of chance
   * that the true quantile lies above it (too few samples for this tail): the
   * high rank is then n, and the interval's top is no bound.
   */
  bounded: boolean;
}

/**
 * Order-statistic ranks for a confidence interval of the `q` quantile of `n`
 * samples (distribution-free: latencies are nothing like normal). The number of
 * samples below the true quantile is Binomial(n, q), so [x(j), x(k)] covers it
 * with probability P(j ≤ B < k); each tail keeps at most (1 − level)/2. A tail
 * quantile needs many samples: the p99 has an upper bound only from n = 368
 * (0.99^n ≤ 2.5%); with fewer, `bounded` is false.
 */
export function quantileRanks(n: number, q: number, level = 0.95): QuantileRanks {
  if (!(n >= 1) || !(q > 0 && q < 1)) throw new RangeError(`quantile ranks need n ≥ 1 and 0 < q < 1 (n ${n}, q ${q})`);
  const tail = (1 - level) / 2;
  const all = binomialCdfs(n, q);
  const binomialCdf = (k: number): number => (k < 0 ? 0 : k >= n ? 1 : all[k]!);
  let low = 1;
  while (low + 1 <= n && binomialCdf(low) <= tail) low++;
  let high = n;
  while (high - 1 >= low && 1 - binomialCdf(high - 2) <= tail) high--;
  const coverage = binomialCdf(high - 1) - binomialCdf(low - 1);
  return { low, high, level: coverage, bounded: 1 - binomialCdf(high - 1) <= tail };
}
