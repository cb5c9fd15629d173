import type { BenchWorkerApi } from "../bench-kit/worker-api.ts";
import { VerificationError } from "../workloads/verification-error.ts";
import type { Pool } from "../pool/pool.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { spin, spinRate, type SpinInput } from "../workloads/spin.ts";

/** Every input handed to the pool's workers at once, their answers in order. */
export function spinOn(pool: Pool<BenchWorkerApi>, inputs: readonly SpinInput[]): Promise<number[]> {
  return Promise.all(inputs.map((input) => pool.api.spin(input)));
}

/** Spin iterations per microsecond on the calling thread (see `spinRate`), timed on `adapter`'s clock. */
export function calibrateSpin(adapter: RuntimeAdapter, minMs = 5): number {
  return spinRate(() => adapter.now(), minMs);
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
