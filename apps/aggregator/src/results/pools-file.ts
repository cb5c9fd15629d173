import * as v from "valibot";
import { ContenderResultSchema, POOLS_SCHEMA, PoolsResultSchema } from "../pools/race-result.ts";
import { PoolsSettingsSchema } from "../pools/settings.ts";

export const POOLS_FILE_SCHEMA = POOLS_SCHEMA;

/**
 * What the report and `threadlab merge` accept of a `pools.<runtime>.json`
 * (written by `threadlab pools`): the race of threadlab's pool against the
 * pools people use today, in one runtime, as the race describes its result
 * (PoolsResultSchema), unknown fields kept. What the report can do without
 * may be missing: the runtime (a file from before the race ran in every
 * runtime names none: it was Node's), when and on what machine it ran, and
 * the settings besides the sizes the tables quote (older files have no minMs).
 */
export const PoolsFileSchema = v.looseObject({
  ...PoolsResultSchema.entries,
  createdAt: v.optional(PoolsResultSchema.entries.createdAt),
  runtime: v.optional(PoolsResultSchema.entries.runtime),
  machine: v.optional(PoolsResultSchema.entries.machine),
  settings: v.looseObject(v.partial(PoolsSettingsSchema, ["warmupCalls", "minMs", "latencyWarmup", "latencyCalls", "spinTasks", "idleMs"]).entries),
  contenders: v.array(v.looseObject(ContenderResultSchema.entries)),
});

export type PoolsFile = v.InferOutput<typeof PoolsFileSchema>;
