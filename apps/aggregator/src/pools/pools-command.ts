import { mkdir } from "node:fs/promises";
import * as os from "node:os";
import { join, resolve } from "node:path";
import { machineFromOs } from "@threadlab/core";
import * as v from "valibot";
import { PoolsFileSchema } from "../results/pools-file.ts";
import { writeAtomic } from "../results/write-atomic.ts";
import { selectRuntimes } from "../runtimes/registry.ts";
import type { FoundRuntime } from "../runtimes/types.ts";
import { UsageError } from "../usage-error.ts";
import { KNOWN_FAILURES, PEERS, PEER_PACKAGE, THREADLAB_PACKAGE, type PoolsRuntime } from "./catalogue.ts";
import type { PoolsRequest } from "./options.ts";
import { installedVersion } from "./paths.ts";
import { runnerCommand } from "./runner-commands.ts";
import { racePools } from "./runner-main.ts";
import { runRunner } from "../run/spawn-runner.ts";
import { nodeEnv } from "./runners/node.ts";
import type { RunnerRequest } from "./settings.ts";
import { POOLS_SCHEMA, failedResult, type PoolsResult } from "./race-result.ts";
import { renderTable } from "./table.ts";

export interface PoolsOutcome {
  /** One per runtime that ran, in the registry's order; a runtime whose runner failed has an entry with `error`. */
  results: PoolsResult[];
  /** 1 when a runtime failed or a contender that was run failed (known-unsupported rows do not count), else 0. */
  exitCode: number;
  /** A pool in this process did not close in time and may hold live threads: the caller must exit explicitly. */
  leaked: boolean;
}

/** The contenders of `runtime`, by name: what --only is matched against there. */
function namesIn(runtime: PoolsRuntime, request: PoolsRequest): string[] {
  return ["threadlab", ...(runtime === "node" ? request.builds.map((b) => b.name) : []), ...PEERS[runtime]];
}

/** Installed versions of what `runtime` races, read here because a runner in Deno or a page cannot read node_modules. */
function versionsFor(runtime: PoolsRuntime): Record<string, string> {
  const packages = [THREADLAB_PACKAGE[runtime], ...PEERS[runtime].map((p) => PEER_PACKAGE[p]!)];
  return Object.fromEntries(packages.map((pkg) => [pkg, installedVersion(pkg)]));
}

/**
 * How long a runner may take before it is killed. The race already gives up
 * on a hung phase after a minute (then the contender sits out), so this only
 * catches a runner that hangs outside one: generous, from the work asked for.
 */
function deadlineMs(runtime: PoolsRuntime, request: PoolsRequest, contenders: number): number {
  if (request.timeoutMinutes !== undefined) return request.timeoutMinutes * 60_000;
  return 120_000 + contenders * (request.settings.rounds * 20_000 + 75_000) + (runtime === "chromium" ? 60_000 : 0);
}

/** A runner's stdout must be one PoolsResult of the right runtime; anything else is that runtime's failure. */
function parseRunnerOutput(runtime: PoolsRuntime, stdout: string): PoolsResult {
  let data: Partial<PoolsResult>;
  try {
    data = JSON.parse(stdout) as Partial<PoolsResult>;
  } catch {
    throw new Error(`the ${runtime} runner printed no result (${stdout.trim() ? "stdout is not JSON" : "stdout is empty"})`);
  }
  // The same check the report makes when it reads pools.<runtime>.json.
  if (!v.safeParse(PoolsFileSchema, data).success || data.runtime?.name !== runtime) {
    throw new Error(`the ${runtime} runner printed something other than a ${POOLS_SCHEMA} result for ${runtime}`);
  }
  return data as PoolsResult;
}

const failedCount = (r: PoolsResult) => (r.error !== undefined ? 1 : 0) + r.contenders.filter((c) => !c.ok && !c.unsupported).length;

async function raceIn(runtime: PoolsRuntime, found: FoundRuntime, request: PoolsRequest, only: string[] | undefined, log: (line: string) => void) {
  const runnerRequest: RunnerRequest = { settings: request.settings, ...(only ? { only } : {}), versions: versionsFor(runtime) };
  const prefixed = (line: string) => log(`[${runtime}] ${line}`);
  if (runtime === "node") {
    const { result, leaked } = await racePools(runnerRequest, nodeEnv(request.builds), prefixed);
    return { result: { ...result, node: process.version }, leaked };
  }
  const names = only ?? namesIn(runtime, request).filter((n) => !KNOWN_FAILURES[runtime]?.[n]);
  const { command, args, env } = runnerCommand(runtime, found, JSON.stringify(runnerRequest));
  const outcome = await runRunner({ name: runtime, command, args, ...(env ? { env } : {}), deadlineMs: deadlineMs(runtime, request, names.length), onLine: prefixed });
  try {
    if (!outcome.ok) throw new Error(outcome.message);
    return { result: parseRunnerOutput(runtime, outcome.stdout), leaked: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`threadlab pools: ${runtime} failed: ${message}`);
    return { result: failedResult(request.settings, { runtime: { name: runtime, version: found.version }, machine: machineFromOs(os) }, message), leaked: false };
  }
}

/**
 * Races the pools in each runtime asked for (default: every runtime found;
 * the rest are skipped with a reason), one runtime after another so they
 * never compete for cores: Node in this process, Deno and Bun in a runner
 * each, Chromium in a page. With `out`, writes `out/pools.<runtime>.json`
 * (atomically) as each runtime finishes. Progress goes to `log`. The `bench`
 * command can call this and add the files to its results folder.
 */
export async function runPools(request: PoolsRequest, log: (line: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<PoolsOutcome> {
  const out = request.out === undefined ? undefined : resolve(request.out);
  if (out) {
    // Fail before minutes of measuring, not after.
    try {
      await mkdir(out, { recursive: true });
    } catch (error) {
      throw new UsageError(`--out: cannot create folder ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const selection = await selectRuntimes(request.runtimes);
  const skipped = selection.skipped.map((s) => `threadlab pools: skipping ${s.name}: ${s.reason}`);
  const plan: Array<{ runtime: PoolsRuntime; found: FoundRuntime; only: string[] | undefined }> = [];
  for (const { spec, found } of selection.run) {
    const runtime = spec.name as PoolsRuntime;
    const only = request.only?.filter((name) => namesIn(runtime, request).includes(name));
    if (only?.length === 0) skipped.push(`threadlab pools: skipping ${runtime}: none of --only races there (it has ${namesIn(runtime, request).join(", ")})`);
    else plan.push({ runtime, found, only });
  }
  if (plan.length === 0) {
    throw new UsageError(request.only ? `--only: none of ${request.only.join(", ")} races in ${selection.run.map((r) => r.spec.name).join(", ") || "any runtime found"}` : "no runtime to race in");
  }
  for (const line of skipped) log(line);
  const results: PoolsResult[] = [];
  let failures = 0;
  let leaked = false;
  for (const { runtime, found, only } of plan) {
    const raced = await raceIn(runtime, found, request, only, log);
    leaked ||= raced.leaked;
    failures += failedCount(raced.result);
    results.push(raced.result);
    if (out) {
      const file = join(out, `pools.${runtime}.json`);
      await writeAtomic(file, `${JSON.stringify(raced.result, null, 2)}\n`);
      log(`written: ${file}`);
    }
  }
  return { results, exitCode: failures > 0 ? 1 : 0, leaked };
}

/**
 * `threadlab pools`: runPools, then one table per runtime (or, with --json,
 * the results as one JSON array) on stdout. Exit code 1 when a runtime or a
 * contender failed, so a script notices an error row without parsing the table.
 */
export async function poolsCommand(request: PoolsRequest, log = (s: string) => process.stderr.write(`${s}\n`)): Promise<number> {
  const { results, exitCode, leaked } = await runPools(request, log);
  const text = request.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(renderTable).join("\n");
  await new Promise<void>((ok) => process.stdout.write(text, () => ok()));
  if (leaked) {
    // A pool that would not close may still hold live threads, which would keep this process alive forever.
    log("threadlab pools: a pool did not close in time; exiting without waiting for its threads");
    process.exit(exitCode);
  }
  return exitCode;
}
