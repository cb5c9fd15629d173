import { parsePlan, type Plan } from "../schema/plan.ts";
import { parseResult, type Result } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";
import { runPlan } from "./run-plan.ts";
import { encodeRunnerMessage, type ProgressEvent } from "../bench-kit/runner-protocol.ts";

export interface RunnerIo {
  /** Receives the result document (one JSON line). */
  stdout(text: string): void;
  /** Receives progress messages, one line each, and the one-line error when the runner fails. */
  stderr(text: string): void;
}

/** A runner whose plan runs outside its own process: Chromium's, which drives a page. */
export interface PlanRunner {
  /** Names the runner in its errors ("threadlab chromium runner"). */
  name: string;
  runPlan(plan: Plan, onProgress: (event: ProgressEvent) => void): Promise<Result>;
}

/**
 * The body of every runtime's runner program: plan JSON in, progress messages
 * on stderr, the validated result on stdout (see runner-protocol.ts). Returns
 * the exit code: 0, 2 for a plan it cannot read, 1 when the run fails, which
 * ends stderr with one line saying why.
 */
export async function runnerMain(planJson: string | undefined, runner: RuntimeAdapter | PlanRunner, io: RunnerIo): Promise<number> {
  const inProcess = "startWorker" in runner;
  const name = inProcess ? "threadlab runner" : runner.name;
  const say = (error: unknown) => io.stderr(`${name}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}\n`);
  let plan: Plan;
  try {
    if (!planJson) throw new Error("usage: runner '<plan JSON>'");
    plan = parsePlan(JSON.parse(planJson));
  } catch (error) {
    say(error);
    return 2;
  }
  const onProgress = (event: ProgressEvent) => io.stderr(`${encodeRunnerMessage({ kind: "progress", event })}\n`);
  let result: Result;
  try {
    const raw = inProcess ? await runPlan(plan, runner, { onProgress }) : await runner.runPlan(plan, onProgress);
    result = parseResult(raw, inProcess ? `${runner.runtime().name} runner` : name);
  } catch (error) {
    say(error);
    return 1;
  }
  io.stdout(`${encodeRunnerMessage({ kind: "result", result })}\n`);
  return 0;
}
