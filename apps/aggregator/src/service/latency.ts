import { quantileRanks } from "@threadlab/core";
import { build, type Histogram } from "hdr-histogram-js";
import type { Latency } from "./types.ts";

/**
 * Latencies kept in an HdrHistogram as whole microseconds (3 significant
 * digits), reported in milliseconds. The pure-JS histogram: the WebAssembly one
 * must be initialised first and its memory freed by hand, for no gain at the
 * few thousand values per second recorded here.
 */
export class LatencyRecorder {
  private readonly histogram: Histogram = build({
    useWebAssembly: false,
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    // 60 s to start with; it grows if a value is larger.
    highestTrackableValue: 60_000_000,
    autoResize: true,
  });

  /** `ms` may be fractional; negative values (a clock read out of order) count as 0. */
  record(ms: number): void {
    this.histogram.recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** With `withP99Ci`, the p99's 95% interval from order statistics too (see quantileRanks). */
  summary(withP99Ci = false): Latency {
    const h = this.histogram;
    const ms = (us: number): number => Math.round(us) / 1000;
    const n = h.totalCount;
    // The value of the r-th smallest recording: HdrHistogram takes rank ⌈percentile × count / 100⌉ (allowing an ulp of float error), so 100·r/n is rank r.
    const atRank = (r: number): number => ms(h.getValueAtPercentile((100 * r) / n));
    const ranks = withP99Ci && n > 0 ? quantileRanks(n, 0.99) : undefined;
    return {
      p50: ms(h.getValueAtPercentile(50)),
      p99: ms(h.getValueAtPercentile(99)),
      p999: ms(h.getValueAtPercentile(99.9)),
      max: ms(h.maxValue),
      count: n,
      ...(ranks ? { p99Ci: { low: atRank(ranks.low), high: atRank(ranks.high), level: Math.round(ranks.level * 1e4) / 1e4, bounded: ranks.bounded } } : {}),
    };
  }
}
