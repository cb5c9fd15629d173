import { decodeRunnerMessage, isRunnerMessage, joinResults, PartsProgress, planPerWorkload, ProgressReader, type Plan, type ProgressEvent, type Result } from "@threadlab/core";
import { availableParallelism } from "node:os";
import type { FoundRuntime, RuntimeSpec } from "../runtimes/types.ts";
import { withOneCore } from "./one-core.ts";
import { runRunner } from "./spawn-runner.ts";

export { killAllRunners } from "./spawn-runner.ts";

export type RuntimeOutcome =
  | { ok: true; result: Result }
  | { ok: false; message: string; log: string[] };

export interface RunRuntimeOptions {
  /** Whole-run deadline; past it the runner (and anything it started) is killed. */
  deadlineMs: number;
  onProgress(event: ProgressEvent): void;
}

/** Runs one runtime's runner to completion (and a confined one for singleCore's one-core half); never throws for runner failures. */
export async function runRuntime(
  spec: RuntimeSpec,
  found: FoundRuntime,
  plan: Plan,
  options: RunRuntimeOptions,
): Promise<RuntimeOutcome> {
  const outcome = spec.freshPerWorkload
    ? await runOnce(spec, found, JSON.stringify(plan), options)
    : await runPerWorkload(spec, found, plan, options);
  if (!outcome.ok) return outcome;
  const confinedRun = (s: RuntimeSpec, json: string, onProgress: RunRuntimeOptions["onProgress"]) => runOnce(s, found, json, { ...options, onProgress });
  return { ok: true, result: await withOneCore(spec, outcome.result, confinedRun, options.onProgress) };
}

/** The plan, a fresh runner per workload (see `planPerWorkload`), joined into one result; the first part that fails fails the runtime. */
async function runPerWorkload(spec: RuntimeSpec, found: FoundRuntime, plan: Plan, options: RunRuntimeOptions): Promise<RuntimeOutcome> {
  const deadline = Date.now() + options.deadlineMs;
  const progress = new PartsProgress(plan, options.onProgress, availableParallelism());
  const results: Result[] = [];
  for (const [i, part] of planPerWorkload(plan).entries()) {
    const outcome = await runOnce(spec, found, JSON.stringify(part), {
      deadlineMs: Math.max(1, deadline - Date.now()),
      limitMs: options.deadlineMs,
      onProgress: progress.forPart(i),
    });
    if (!outcome.ok) return outcome;
    results.push(outcome.result);
    progress.partDone(outcome.result.scenarios.length);
  }
  return { ok: true, result: joinResults(plan, results) };
}

async function runOnce(
  spec: RuntimeSpec,
  found: FoundRuntime,
  planJson: string,
  options: RunRuntimeOptions & { limitMs?: number },
): Promise<RuntimeOutcome> {
  const { command, args } = spec.command(found, planJson);
  const log: string[] = [];
  const progress = new ProgressReader(spec.name);
  const outcome = await runRunner({
    name: spec.name,
    command,
    args,
    deadlineMs: options.deadlineMs,
    ...(options.limitMs !== undefined ? { limitMs: options.limitMs } : {}),
    onLine(line) {
      if (isRunnerMessage(line)) {
        const event = progress.read(line);
        if (event) {
          options.onProgress(event);
          return true;
        }
      }
      log.push(line);
      if (log.length > 40) log.shift();
      return false;
    },
  });
  if (!outcome.ok) return { ok: false, message: outcome.message, log };
  // A message that did not decode fails the run: a runner and a CLI that disagree on the protocol must not pass for a quiet run.
  if (progress.error) return { ok: false, message: progress.error.message, log };
  try {
    return { ok: true, result: decodeRunnerMessage(outcome.stdout, spec.name, "result").result };
  } catch (error) {
    return { ok: false, message: messageOf(error), log };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
