import { check, rejection as caught, type MakePool } from "./pool-feature-cases.ts";

/**
 * The fault matrix (issue 10): what a caller sees when a worker misbehaves,
 * the same cases in every runtime (vitest in Node, `deno test`, `bun test`,
 * a page in Chromium). Each case checks its outcome and returns it in words,
 * and each runtime's test prints `fault matrix | runtime | case | outcome`,
 * so the matrix can be read off any test log.
 */
export interface FaultCase {
  name: string;
  run(make: MakePool): Promise<string>;
}

/** The call's error, then whether the pool replaced the worker and still serves. */
async function fault(make: MakePool, call: (pool: ReturnType<MakePool>) => Promise<unknown>, options = {}): Promise<string> {
  const pool = make({ size: 1, ...options });
  try {
    await pool.ready();
    const before = await pool.api.who();
    const e = await caught(call(pool));
    const after = await pool.api.later(7, 0);
    check(after.value === 7, "the pool to keep serving");
    const replaced = after.who !== before;
    check(pool.stats.replaced === (replaced ? 1 : 0), `stats.replaced to agree, got ${pool.stats.replaced}`);
    return `${e.name}: ${e.message.slice(0, 60)}${e.message.length > 60 ? "…" : ""} · ${replaced ? "worker replaced" : "worker kept"} · pool serving`;
  } finally {
    await pool.close();
  }
}

export const FAULT_CASES: FaultCase[] = [
  {
    name: "throws",
    run: async (make) => {
      const line = await fault(make, (p) => p.api.richFail());
      check(line.startsWith("TypeError: rich failure") && line.includes("worker kept"), `the TypeError, worker kept; got ${line}`);
      return `${line} · class, code, details and cause kept (checked by the error-shape tests)`;
    },
  },
  {
    name: "uncaught error",
    run: async (make) => {
      const line = await fault(make, (p) => p.api.crash());
      check(line.startsWith("WorkerCrashedError") && line.includes("worker replaced"), `WorkerCrashedError, replaced; got ${line}`);
      return line;
    },
  },
  {
    name: "ends itself",
    run: async (make) => {
      const line = await fault(make, (p) => p.api.exitSelf());
      check(line.startsWith("WorkerCrashedError") && line.includes("worker replaced"), `WorkerCrashedError, replaced; got ${line}`);
      return line;
    },
  },
  {
    name: "hangs (timeout 200 ms)",
    run: async (make) => {
      const line = await fault(make, (p) => p.with({ timeout: 200 }).spin());
      check(line.startsWith("TaskTimeoutError") && line.includes("worker replaced"), `TaskTimeoutError, replaced; got ${line}`);
      return line;
    },
  },
  {
    name: "unknown method",
    run: async (make) => {
      const line = await fault(make, (p) => (p.api as unknown as { nope(): Promise<unknown> }).nope());
      check(line.startsWith('TypeError: the worker has no method "nope"') && line.includes("worker kept"), `a TypeError naming the method; got ${line}`);
      return line;
    },
  },
];

/** Out of memory, where the runtime can contain it: `options` says how (a thread's resourceLimits, or a child process). */
export function outOfMemoryCase(options: Record<string, unknown>): FaultCase {
  return {
    name: `runs out of memory (${options.isolation === "process" ? "isolation: process" : "resourceLimits"})`,
    run: async (make) => {
      const line = await fault(make, (p) => p.api.hog(), { resourceLimits: { maxOldGenerationSizeMb: 64 }, ...options });
      check(line.startsWith("WorkerCrashedError") && line.includes("worker replaced"), `WorkerCrashedError, replaced; got ${line}`);
      return `${line} · host process alive`;
    },
  };
}
