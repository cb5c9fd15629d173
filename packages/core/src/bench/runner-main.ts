import { parsePlan } from "../plan.ts";
import { parseResult } from "../result.ts";
import type { RuntimeAdapter } from "../seam.ts";
import { runPlan } from "./run-plan.ts";

export interface RunnerIo {
  /** Receives the result document (one JSON text). */
  stdout(text: string): void;
  /** Receives progress as NDJSON lines and error messages. */
  stderr(text: string): void;
}

/**
 * The body of every runtime's runner process: plan JSON in, progress out on
 * stderr, the validated result on stdout. Returns the exit code.
 */
export async function runnerMain(planJson: string | undefined, adapter: RuntimeAdapter, io: RunnerIo): Promise<number> {
  let plan;
  try {
    if (!planJson) throw new Error("usage: runner '<plan JSON>'");
    plan = parsePlan(JSON.parse(planJson));
  } catch (error) {
    io.stderr(`threadlab runner: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const result = await runPlan(plan, adapter, {
    onProgress: (event) => io.stderr(`${JSON.stringify({ threadlab: "progress", ...event })}\n`),
  });
  io.stdout(`${JSON.stringify(parseResult(result, `${adapter.runtime().name} runner`))}\n`);
  return 0;
}
