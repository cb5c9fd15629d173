export type PresetName = "smoke" | "quick" | "default" | "full";
export const PRESETS: readonly PresetName[] = ["smoke", "quick", "default", "full"];

/** One value for each preset, in PRESETS' order: smoke, quick, default, full. */
export type PerPreset<T> = [T, T, T, T];

/** `values`' entry for `preset`. */
export function byPreset<T>(preset: PresetName, values: PerPreset<T>): T {
  return values[PRESETS.indexOf(preset)]!;
}

/**
 * How a workload's kernels get run: inline on the calling thread
 * (`sequential`) or spread over a pool of workers (`workers(n)`).
 * A workload orchestrates through this and never knows which.
 */
export interface Executor {
  /** Workers the work may be spread over (1 when running inline). */
  readonly parallelism: number;
  /** Parts per map when the executor wants a fixed cut (interleaved slices); overrides the parallelism rule. */
  readonly slices?: number;
  /** Runs `kernel` once per input; results come back in input order. */
  map<I, O>(kernel: string, inputs: readonly I[]): Promise<O[]>;
}

export interface Verification {
  ok: boolean;
  expected: string;
  actual: string;
  /** Where the expected answer comes from. */
  source: string;
}

export type Kernel = (input: any) => unknown;

/** What a workload's shared-memory version gets: the worker count and the pool's typed API (a pool of bench workers, whose API has these). */
export interface SharedWorkers {
  threads: number;
  api: SharedKernels;
}

/** The bench worker's kernels that work on shared memory, as a pool calls them (see bench-kit/worker-api.ts). */
export interface SharedKernels {
  /** Mandelbrot rows into `bitmap`, `chunk` rows at a time from the counter in `control`; resolves with the rows drawn. */
  sharedMandelbrot(size: number, bitmap: SharedArrayBuffer, control: SharedArrayBuffer, chunk: number): Promise<number>;
}

export interface Workload<Out = unknown> {
  name: string;
  title: string;
  /** One sentence: what it computes and why it is a useful probe. */
  description: string;
  kind: "cpu" | "overhead";
  /** The size parameter (N) for each preset; every one has a known answer. */
  sizes: Record<PresetName, number>;
  /** Pure functions of structured-cloneable input, run inline or in a worker. */
  kernels: Record<string, Kernel>;
  run(size: number, exec: Executor): Promise<Out>;
  /** The shared-memory version (`shared(n)`), where the workload has one: workers write into one SharedArrayBuffer. */
  shared?(size: number, workers: SharedWorkers): Promise<Out>;
  verify(size: number, output: Out): Verification;
}

/** Splits [0, total) into `parts` contiguous ranges of near-equal length. */
export function ranges(total: number, parts: number): Array<[number, number]> {
  const n = Math.max(1, Math.min(parts, total));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    out.push([Math.floor((total * i) / n), Math.floor((total * (i + 1)) / n)]);
  }
  return out;
}

/**
 * Kernel calls a map makes at the least, whatever the executor: the hot code
 * is then a function called again and again (tiered up like any hot
 * function) in every strategy, instead of one long loop that `sequential`
 * enters once and only on-stack replacement can optimize, which made one
 * worker look faster than the same work inline.
 */
export const MIN_PARTS = 8;

/**
 * Parts per map: the executor's fixed cut if it has one; otherwise several
 * per worker, so the pool's dynamic assignment can even out uneven parts,
 * and never fewer than `min` (a workload whose maps are many already passes 1).
 */
export function partsFor(exec: Pick<Executor, "parallelism" | "slices">, perWorker = 4, min = MIN_PARTS): number {
  if (exec.slices !== undefined) return exec.slices;
  return Math.max(min, exec.parallelism * perWorker);
}

export function known(expected: string, actual: string, source: string): Verification {
  return { ok: expected === actual, expected, actual, source };
}
