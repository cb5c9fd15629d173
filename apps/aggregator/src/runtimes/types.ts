import type { RuntimeName } from "@threadlab/core";

export type Probe =
  | { ok: true; name: RuntimeName; version: string; path: string; entry: string }
  | { ok: false; name: RuntimeName; reason: string };

export type FoundRuntime = Extract<Probe, { ok: true }>;

/**
 * How the CLI finds one runtime and starts its runner. A runner is a process
 * that takes the plan JSON as its last argument, streams progress as NDJSON
 * on stderr and prints one `threadlab.result/v1` document on stdout.
 */
export interface RuntimeSpec {
  name: RuntimeName;
  /** Finds the runtime's executable (`path`), version and runner file (`entry`); never throws. */
  probe(): Promise<Probe>;
  /** What to run for `planJson`. */
  command(found: FoundRuntime, planJson: string): { command: string; args: string[] };
  /** One line telling the user how to get this runtime. */
  fix: string;
  /**
   * The runner starts each workload afresh itself (Chromium: one browser, a
   * page with its own renderer per workload: a browser launch per workload
   * made its default run 38.0–44.3 s instead of 32.5–32.9 s); otherwise the
   * CLI starts a runner per workload.
   */
  freshPerWorkload?: boolean;
}
