/** One call of calibrated CPU work: `iterations` steps of xorshift32 from `seed`. */
export interface SpinInput {
  iterations: number;
  seed: number;
}

/**
 * Pure integer arithmetic whose cost grows linearly with `iterations` and
 * whose answer depends on every step, so no engine can skip the loop: the
 * experiments time it at sizes from a microsecond to milliseconds and check
 * the answers a worker sends back against the ones computed inline.
 */
export function spin({ iterations, seed }: SpinInput): number {
  let x = seed | 0 || 1;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x >>> 0;
}
