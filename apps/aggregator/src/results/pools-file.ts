import * as v from "valibot";
import { POOLS_SCHEMA } from "../pools/race-result.ts";

export const POOLS_FILE_SCHEMA = POOLS_SCHEMA;

const Stat = v.object({
  median: v.number(),
  ci: v.optional(v.object({ low: v.number(), high: v.number(), level: v.number() })),
  rounds: v.array(v.number()),
});

/**
 * What the report reads of a `pools.<runtime>.json` (written by `threadlab
 * pools`): the race of threadlab's pool against the pools people use today,
 * in one runtime. Unknown fields pass; the ones read here are checked.
 */
export const PoolsFileSchema = v.looseObject({
  schema: v.literal(POOLS_FILE_SCHEMA),
  runtime: v.optional(v.object({ name: v.string(), version: v.string() })),
  /** Set when the race could not run in this runtime at all (its runner crashed or hung). */
  error: v.optional(v.string()),
  settings: v.looseObject({ threads: v.number(), rounds: v.number(), calls: v.number(), inFlight: v.number(), spinUs: v.number() }),
  bestPeer: v.optional(v.string()),
  contenders: v.array(
    v.looseObject({
      name: v.string(),
      version: v.string(),
      ours: v.boolean(),
      ok: v.boolean(),
      error: v.optional(v.string()),
      throughput: v.optional(Stat),
      vsBestPeer: v.optional(v.number()),
      latencyUs: v.optional(v.object({ p50: Stat, p99: Stat })),
      cpuTasks: v.optional(v.object({ ...Stat.entries, efficiency: v.number() })),
      cpuUsPerCall: v.optional(v.object({ throughput: Stat, sequential: Stat })),
      idlePct: v.optional(Stat),
      idleJsPct: v.optional(Stat),
    }),
  ),
});

export type PoolsFile = v.InferOutput<typeof PoolsFileSchema>;
