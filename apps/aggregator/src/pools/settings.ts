import type { PresetName } from "@threadlab/core";
import * as v from "valibot";

/**
 * What one race is asked to do, in every runtime: plain data with no
 * `node:` imports, so the CLI can hand it to a Deno or Bun runner or a page.
 * The race's result records it (see PoolsResultSchema).
 */
export const PoolsSettingsSchema = v.object({
  threads: v.number(),
  rounds: v.number(),
  /** add calls timed for throughput, kept `inFlight` outstanding. */
  calls: v.number(),
  inFlight: v.number(),
  /** Untimed calls after each pool starts, so no contender is timed while its code is still cold. */
  warmupCalls: v.number(),
  /**
   * The warm-up and the timed throughput each last at least this long (ms), whatever their calls: with a count
   * alone a pool four times faster than its peers was timed over a quarter of their time, much of it its ramp
   * (threadlab in Node: 410k-478k tasks/s over 20,000 calls, 689k-762k over 100,000, same runs, 5 rounds each).
   */
  minMs: v.number(),
  latencyWarmup: v.number(),
  latencyCalls: v.number(),
  spinTasks: v.number(),
  spinUs: v.number(),
  /** How long an idle pool is watched for CPU use after the calls. */
  idleMs: v.number(),
});

export type PoolsSettings = v.InferOutput<typeof PoolsSettingsSchema>;

export const DEFAULTS = { rounds: 5, calls: 20_000, inFlight: 256, warmupCalls: 5000, minMs: 200, latencyWarmup: 2000, idleMs: 1000, latencyCalls: 5000, spinTasks: 200, spinUs: 1000 };

/**
 * The race as part of `threadlab run`/`bench`, sized by the run's preset:
 * `default` keeps the 5 rounds a 95% interval needs, with fewer calls and a
 * shorter idle watch than `threadlab pools` run alone (which watches an idle
 * pool for a second, long enough to split it by thread), so the whole bench
 * has room under 4 minutes (the race and the report took 61 s of a 211 s bench).
 */
export const PRESET_SETTINGS: Record<PresetName, Partial<PoolsSettings>> = {
  // The full warm-up even here: with 1,000 and 200 warm-up calls a page's pool was timed before its JIT settled (p50 175 µs, not < 5 µs).
  smoke: { rounds: 1, calls: 2_000, minMs: 0, latencyCalls: 500, spinTasks: 20, idleMs: 100 },
  quick: { rounds: 1, calls: 10_000, minMs: 50, latencyCalls: 2_000, spinTasks: 100, idleMs: 250 }, // one round: `quick` is under 75 s in all
  default: { calls: 10_000, minMs: 100, latencyCalls: 1_000, spinTasks: 60, idleMs: 150 }, // warm-up as in the race alone: cold code is not raced
  full: { rounds: 9, calls: 50_000, latencyCalls: 10_000 },
};

/** What the CLI hands a runner (the last command-line argument, as JSON) or the page. */
export interface RunnerRequest {
  settings: PoolsSettings;
  /** Contenders named with --only that this runtime has; absent: all of them. */
  only?: string[];
  /**
   * Installed version of each package, read by the CLI from node_modules: a
   * page cannot read them, and a Deno runner would need read access to them.
   */
  versions: Record<string, string>;
}

const SETTING_KEYS = Object.keys(PoolsSettingsSchema.entries) as ReadonlyArray<keyof PoolsSettings>;

/** Checks a request that crossed a process boundary; throws one line naming the first problem. */
export function parseRunnerRequest(json: string | undefined): RunnerRequest {
  if (!json) throw new Error("usage: <runner> '<request JSON>'");
  const data = JSON.parse(json) as Partial<RunnerRequest>;
  const s = data.settings as Record<string, unknown> | undefined;
  if (!s || typeof s !== "object") throw new Error("request: settings missing");
  for (const key of SETTING_KEYS) {
    const v = s[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`request: settings.${key} must be a whole number, got ${String(v)}`);
  }
  // No call at all would leave the throughput phase waiting for an answer that never comes.
  if (s.calls === 0) throw new Error("request: settings.calls must be at least 1");
  if (data.only !== undefined && !(Array.isArray(data.only) && data.only.every((n) => typeof n === "string"))) throw new Error("request: only must be a list of names");
  if (!data.versions || typeof data.versions !== "object") throw new Error("request: versions missing");
  return { settings: s as unknown as PoolsSettings, ...(data.only ? { only: data.only } : {}), versions: data.versions };
}
