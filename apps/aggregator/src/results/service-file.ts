import * as v from "valibot";
import { SERVICE_SCHEMA, type ServiceResult } from "../service/types.ts";

const Latency = v.looseObject({
  p50: v.number(),
  p99: v.number(),
  p999: v.number(),
  max: v.number(),
  count: v.number(),
  p99Ci: v.optional(v.looseObject({ low: v.number(), high: v.number(), level: v.number(), bounded: v.boolean() })),
});
const Step = v.looseObject({
  offeredRps: v.number(),
  achievedRps: v.number(),
  sent: v.number(),
  ok: v.number(),
  errors: v.number(),
  timeouts: v.number(),
  wrong: v.number(),
  latency: Latency,
  health: Latency,
  generatorLateMs: v.optional(Latency),
  lagMs: v.optional(v.looseObject({ p50: v.number(), p99: v.number(), max: v.number() })),
});

/**
 * What the report reads of a `service.<runtime>.json` (written by `threadlab
 * service`). Unknown fields pass; the ones read here are checked.
 */
export const ServiceFileSchema = v.looseObject({
  schema: v.literal(SERVICE_SCHEMA),
  runtime: v.looseObject({ name: v.string(), version: v.string() }),
  machine: v.looseObject({ cores: v.number(), cpuModel: v.string(), os: v.string(), arch: v.string() }),
  at: v.string(),
  settings: v.looseObject({ ioDelayMs: v.number(), kernelMs: v.array(v.number()), stepMs: v.number(), preset: v.string() }),
  itersPerUs: v.number(),
  runs: v.array(
    v.looseObject({
      mode: v.picklist(["inline", "pool", "cluster"]),
      threads: v.number(),
      kernelMs: v.number(),
      steps: v.array(Step),
      saturationRps: v.number(),
      at80: v.optional(Step),
      error: v.optional(v.string()),
    }),
  ),
  page: v.optional(
    v.array(
      v.looseObject({
        mode: v.picklist(["inline", "pool"]),
        threads: v.number(),
        kernelMs: v.number(),
        rateRps: v.number(),
        durationMs: v.number(),
        ok: v.number(),
        wrong: v.number(),
        errors: v.number(),
        frameMs: v.looseObject({ p50: v.number(), p99: v.number(), max: v.number(), frames: v.number() }),
        latency: Latency,
      }),
    ),
  ),
  generator: v.optional(v.looseObject({ capacityRps: v.number() })),
  error: v.optional(v.string()),
});

export { SERVICE_SCHEMA };
export type ServiceFile = ServiceResult;
