import type { BenchWorkerApi } from "../bench/worker-api.ts";
import { VerificationError } from "../errors.ts";
import type { Pool } from "../pool/pool.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { spin, type SpinInput } from "../workloads/spin.ts";

/** Every input handed to the pool's workers at once, their answers in order. */
export function spinOn(pool: Pool<BenchWorkerApi>, inputs: readonly SpinInput[]): Promise<number[]> {
  return Promise.all(inputs.map((input) => pool.api.spin(input)));
}

/**
 * Spin iterations per microsecond on the calling thread: the iteration count
 * doubles until one call takes at least `minMs`, after a few warm-up calls so
 * the loop is optimized; the best of five timings at that count sets the rate.
 */
export function calibrateSpin(adapter: RuntimeAdapter, minMs = 5): number {
  for (let i = 0; i < 20; i++) spin({ iterations: 100_000, seed: i + 1 });
  let iterations = 10_000;
  for (;;) {
    const t0 = adapter.now();
    spin({ iterations, seed: 7 });
    if (adapter.now() - t0 >= minMs || iterations >= 1 << 30) break;
    iterations *= 2;
  }
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = adapter.now();
    spin({ iterations, seed: 11 + i });
    best = Math.min(best, adapter.now() - t0);
  }
  return iterations / (Math.max(best, 1e-3) * 1000);
}

/** `tasks` calls of `iterations` each, every one with its own seed so no two answers are alike. */
export function spinInputs(iterations: number, tasks: number): SpinInput[] {
  return Array.from({ length: tasks }, (_, i) => ({ iterations, seed: i + 1 }));
}

/** One number for a batch's answers (order-sensitive), to compare a run's answers with the inline ones. */
export function spinDigest(answers: readonly number[]): number {
  let h = 0;
  for (const a of answers) h = (Math.imul(h, 31) + a) >>> 0;
  return h;
}

/** Throws unless a run's answers are the expected ones: a wrong answer is a failure, never a data point. */
export function checkSpin(what: string, expected: number, answers: readonly number[]): void {
  const actual = spinDigest(answers);
  if (actual !== expected) throw new VerificationError(what, String(expected), String(actual));
}
