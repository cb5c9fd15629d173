import * as v from "valibot";

export const FAILURE_SCHEMA = "threadlab.failure/v1";

/** Written as `<runtime>.failure.json` when a runtime's run fails as a whole. */
export const FailureSchema = v.object({
  schema: v.literal(FAILURE_SCHEMA),
  runtime: v.string(),
  at: v.string(),
  message: v.string(),
  /** The runner's last lines of stderr, for diagnosis. */
  log: v.optional(v.array(v.string())),
});

export type Failure = v.InferOutput<typeof FailureSchema>;
