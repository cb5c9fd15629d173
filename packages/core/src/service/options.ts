import * as v from "valibot";

/**
 * How one service process runs (the `service` experiment's server): the
 * kernel on its event loop (`inline`) or through a pool of `threads` workers.
 * Several inline processes on one port make the process-based mode; how they
 * share the port is the runtime's business (node:cluster, or SO_REUSEPORT).
 */
export const ServiceOptionsSchema = v.strictObject({
  mode: v.picklist(["inline", "pool"]),
  threads: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256)), 1),
  /** The I/O step every work request awaits before its kernel: a timer of this many ms. */
  ioDelayMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(10_000)), 2),
  /** 0: any free port. */
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_535)), 0),
  /** Bind with SO_REUSEPORT, so more processes can serve the same port (Deno, Bun). */
  reusePort: v.optional(v.boolean(), false),
  /** Processes sharing the port, where the runtime forks them itself (node:cluster); 1: this one only. */
  processes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256)), 1),
  /** Test-only: every answer off by one, so the generator's check must fail the run. */
  corrupt: v.optional(v.boolean(), false),
});

export type ServiceOptions = v.InferOutput<typeof ServiceOptionsSchema>;

/** The options JSON a service program gets as its last argument; a clear one-line error otherwise. */
export function parseServiceOptions(json: string | undefined): ServiceOptions {
  if (!json) throw new Error(`usage: service '<options JSON>', e.g. '{"mode":"pool","threads":2}'`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error(`service options are not JSON: ${json.slice(0, 80)}`);
  }
  const parsed = v.safeParse(ServiceOptionsSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`service options: ${v.getDotPath(issue) ?? "options"}: ${issue.message}`);
  }
  return parsed.output;
}
