/** The two tasks every worker file serves; both take two numbers so every pool marshals the same payload. */
export type Method = "add" | "spin";

/**
 * One pool library in the race, reduced to what the race needs. Each
 * contender imports its library lazily in start(), so a library that is
 * missing or broken becomes an error row instead of stopping the CLI.
 */
export interface Contender {
  name: string;
  version: string;
  start(threads: number): Promise<void>;
  /** add(a, b) → a + b; spin(us, _) → busy for ~us µs of CPU, returns the loop count. */
  call(method: Method, a: number, b: number): Promise<number>;
  /** Ends every worker; safe to call after a failed start. */
  close(): Promise<void>;
}

/** Makes a fresh contender: each round starts its pool from scratch so rounds are independent samples. */
export interface ContenderFactory {
  name: string;
  /** "threadlab" and "threadlab@label" are ours; the rest are the peers we compare against. */
  ours: boolean;
  create(): Contender;
  /**
   * Set when this pool is known not to run in this runtime: the race then
   * shows an error row with this reason instead of running it.
   */
  unsupported?: string;
}

/**
 * A contender whose library hands out one pool object: `open` makes it in
 * start() (importing the library there, so a missing one is an error row),
 * `call` runs one task on it, `close` ends it (never called when open failed).
 */
export function pooled<P>(spec: {
  name: string;
  version: string;
  open(threads: number): Promise<P>;
  call(pool: P, method: Method, a: number, b: number): Promise<number>;
  close(pool: P): Promise<unknown>;
}): Contender {
  let pool: P | undefined;
  return {
    name: spec.name,
    version: spec.version,
    async start(threads) {
      pool = await spec.open(threads);
    },
    call: (method, a, b) => spec.call(pool!, method, a, b),
    async close() {
      if (pool !== undefined) await spec.close(pool);
    },
  };
}
