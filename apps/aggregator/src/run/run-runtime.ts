import { parseResult, type ProgressEvent, type Result } from "@threadlab/core";
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
  planJson: string,
  options: RunRuntimeOptions,
): Promise<RuntimeOutcome> {
  const outcome = await runOnce(spec, found, planJson, options);
  if (!outcome.ok) return outcome;
  const confinedRun = (s: RuntimeSpec, json: string, onProgress: RunRuntimeOptions["onProgress"]) => runOnce(s, found, json, { ...options, onProgress });
  return { ok: true, result: await withOneCore(spec, outcome.result, confinedRun, options.onProgress) };
}

async function runOnce(
  spec: RuntimeSpec,
  found: FoundRuntime,
  planJson: string,
  options: RunRuntimeOptions,
): Promise<RuntimeOutcome> {
  const { command, args } = spec.command(found, planJson);
  const log: string[] = [];
  const outcome = await runRunner({
    name: spec.name,
    command,
    args,
    deadlineMs: options.deadlineMs,
    onLine(line) {
      const event = progressOf(line);
      if (event) {
        options.onProgress(event);
        return true;
      }
      log.push(line);
      if (log.length > 40) log.shift();
      return false;
    },
  });
  if (!outcome.ok) return { ok: false, message: outcome.message, log };
  try {
    return { ok: true, result: parseResult(JSON.parse(outcome.stdout), `${spec.name} runner output`) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), log };
  }
}

function progressOf(line: string): ProgressEvent | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const data = JSON.parse(line) as { threadlab?: string } & ProgressEvent;
    return data.threadlab === "progress" ? data : undefined;
  } catch {
    return undefined;
  }
}
