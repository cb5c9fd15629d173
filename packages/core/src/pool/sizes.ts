import type { PoolOptions } from "./options.ts";

/** How long a worker of a pool that can shrink may sit idle before it ends. */
export const IDLE_TIMEOUT_MS = 10_000;

/** The pool's bounds from `size` (fixed) or `minSize`/`maxSize` (growing and shrinking). */
export function sizesOf(options: PoolOptions, cpus: number): { minSize: number; maxSize: number } {
  const whole = (name: string, v: number | undefined, least: number) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= least)) {
      throw new RangeError(`pool ${name} must be a whole number ≥ ${least}, got ${String(v)}`);
    }
    return v;
  };
  const size = whole("size", options.size, 1);
  const maxSize = whole("maxSize", options.maxSize, 1) ?? size ?? cpus;
  const minSize = whole("minSize", options.minSize, 0) ?? (options.maxSize !== undefined || options.minSize !== undefined ? Math.min(1, maxSize) : maxSize);
  if (minSize > maxSize) throw new RangeError(`pool minSize (${minSize}) is larger than maxSize (${maxSize})`);
  if (size !== undefined && (options.minSize !== undefined || options.maxSize !== undefined) && (size < minSize || size > maxSize)) {
    throw new RangeError(`pool size ${size} is outside minSize..maxSize (${minSize}..${maxSize})`);
  }
  return { minSize, maxSize };
}
