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

/**
 * Spin iterations per microsecond on the calling thread: the iteration count
 * doubles until one call takes at least `minMs`, after a few warm-up calls so
 * the loop is optimized; the best of five timings at that count sets the rate.
 * Run where the work will run: a thread's rate depends on the code its JIT
 * has for the loop, and Deno's main thread, after other work, once measured
 * half the rate its workers then ran at.
 */
export function spinRate(now: () => number, minMs = 5): number {
  for (let i = 0; i < 20; i++) spin({ iterations: 100_000, seed: i + 1 });
  let iterations = 10_000;
  for (;;) {
    const t0 = now();
    spin({ iterations, seed: 7 });
    if (now() - t0 >= minMs || iterations >= 1 << 30) break;
    iterations *= 2;
  }
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = now();
    spin({ iterations, seed: 11 + i });
    best = Math.min(best, now() - t0);
  }
  return iterations / (Math.max(best, 1e-3) * 1000);
}
