import { mkdir } from "node:fs/promises";
import { availableParallelism, hostname } from "node:os";
import * as os from "node:os";
import { join, resolve } from "node:path";
import { machineFromOs, type PresetName } from "@threadlab/core";
import { writeAtomic } from "../results/write-atomic.ts";
import { runRunner } from "../run/spawn-runner.ts";
import { selectRuntimes } from "../runtimes/registry.ts";
import type { FoundRuntime } from "../runtimes/types.ts";
import { UsageError } from "../usage-error.ts";
import { PACKAGE_ROOT } from "../pools/paths.ts";
import { measureCapacity } from "./load.ts";
import { runServers } from "./run-servers.ts";
import { SERVICE_PRESETS, type ServiceSettings } from "./settings.ts";
import { pageRunnerArgs, pageRunnerDeadlineMs, type PageRequest, type PageRunnerOutput } from "./page-request.ts";
import { SERVICE_SCHEMA, type ServiceResult } from "./types.ts";

export interface ServiceRequest {
  runtimes?: string[];
  preset: PresetName;
  /** Overrides the preset's kernel sizes (ms of CPU per request). */
  kernelMs?: number[];
  out?: string;
  /** Test-only: servers and page answer wrongly; the run must fail. */
  corrupt?: boolean;
}

export interface ServiceOutcome {
  results: ServiceResult[];
  /** 1 when a runtime or a mode failed (a wrong answer among them). */
  exitCode: number;
}

const failed = (r: ServiceResult) => r.error !== undefined || r.runs.some((run) => run.error !== undefined);

/** Chromium has no server: the page variant, driven by dist/service-chromium.js. */
async function runPage(found: FoundRuntime, settings: ServiceSettings, request: ServiceRequest, log: (line: string) => void): Promise<ServiceResult> {
  const { kernelMs, rateRps, durationMs } = settings.page;
  const pageRequest: PageRequest = {
    kernelMs,
    rateRps,
    durationMs,
    // One core stays the page's: with a worker on every core of this 2-core machine, frames waited 137 ms at p99.
    threads: Math.max(1, availableParallelism() - 1),
    ioDelayMs: settings.ioDelayMs,
    ...(request.corrupt ? { corruptAnswers: true } : {}),
  };
  const base: ServiceResult = {
    schema: SERVICE_SCHEMA,
    runtime: { name: "chromium", version: found.version },
    machine: { ...machineFromOs(os), name: hostname() },
    at: new Date().toISOString(),
    settings: { ioDelayMs: settings.ioDelayMs, kernelMs: [kernelMs], stepMs: settings.page.durationMs, preset: request.preset },
    itersPerUs: 0,
    runs: [],
  };
  const outcome = await runRunner({
    name: "chromium",
    command: process.execPath,
    args: pageRunnerArgs(join(PACKAGE_ROOT, "dist", "service-chromium.js"), pageRequest),
    env: { ...process.env, CHROMIUM_PATH: found.path },
    deadlineMs: pageRunnerDeadlineMs(pageRequest),
    onLine: (line) => log(line),
  });
  if (!outcome.ok) return { ...base, error: outcome.message };
  try {
    const out = JSON.parse(outcome.stdout) as PageRunnerOutput;
    return { ...base, runtime: { name: "chromium", version: out.runtime.version }, itersPerUs: out.itersPerUs, page: out.page };
  } catch {
    return { ...base, error: "the chromium service runner printed no result" };
  }
}

/** The longest the experiment should take: every step of every mode (a sweep usually stops sooner), starts, and the page. */
function estimateMs(settings: ServiceSettings, runtimes: readonly string[]): number {
  const servers = runtimes.filter((r) => r !== "chromium").length;
  const perMode = settings.warmupMs + (settings.fractions.length + 1) * settings.stepMs + 1_500;
  const page = runtimes.includes("chromium") ? 2 * settings.page.durationMs + 5_000 : 0;
  return servers * (1_000 + settings.kernelMs.length * settings.modes.length * perMode) + page + (servers ? 3_000 : 0);
}

/**
 * The service experiment in each runtime asked for (default: every one
 * found), one after another so they never compete for cores; the
 * generator's own ceiling is measured first. With `out`, writes
 * `out/service.<runtime>.json` as each runtime finishes.
 */
export async function runService(request: ServiceRequest, log: (line: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<ServiceOutcome> {
  const settings: ServiceSettings = { ...SERVICE_PRESETS[request.preset], ...(request.kernelMs ? { kernelMs: request.kernelMs } : {}) };
  if (settings.kernelMs.some((k) => !(k > 0 && k <= 1000))) throw new UsageError(`--kernel-ms takes sizes from 0 to 1000 ms, got ${settings.kernelMs.join(",")}`);
  const out = request.out === undefined ? undefined : resolve(request.out);
  if (out) await mkdir(out, { recursive: true });
  const selection = await selectRuntimes(request.runtimes);
  for (const s of selection.skipped) log(`threadlab service: skipping ${s.name}: ${s.reason}`);
  // Smoke offers one low rate to prove the servers answer: no ceiling worth measuring.
  const servers = selection.run.some(({ spec }) => spec.name !== "chromium");
  log(`threadlab service: preset ${request.preset}, ${settings.kernelMs.join(", ")} ms of CPU per request, ${selection.run.map(({ spec }) => spec.name).join(", ")}; at most about ${Math.round(estimateMs(settings, selection.run.map(({ spec }) => spec.name)) / 1000)} s`);
  const capacityRps = servers && request.preset !== "smoke" ? await measureCapacity({ stepMs: 500 }) : undefined;
  if (capacityRps !== undefined) log(`threadlab service: the generator alone answers up to ${Math.round(capacityRps)} req/s`);
  const results: ServiceResult[] = [];
  for (const { spec, found } of selection.run) {
    const prefixed = (line: string) => log(`[${spec.name}] ${line}`);
    let result: ServiceResult;
    if (spec.name === "chromium") result = await runPage(found, settings, request, prefixed);
    else {
      result = await runServers(spec.name, found, { settings, preset: request.preset, log: prefixed, ...(request.corrupt ? { corrupt: true } : {}) }).catch(
        (error: unknown): ServiceResult => ({
          schema: SERVICE_SCHEMA,
          runtime: { name: spec.name, version: found.version },
          machine: { ...machineFromOs(os), name: hostname() },
          at: new Date().toISOString(),
          settings: { ioDelayMs: settings.ioDelayMs, kernelMs: settings.kernelMs, stepMs: settings.stepMs, preset: request.preset },
          itersPerUs: 0,
          runs: [],
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      if (capacityRps !== undefined) result.generator = { capacityRps };
    }
    if (result.error) log(`threadlab service: ${spec.name} failed: ${result.error}`);
    results.push(result);
    if (out) {
      const file = join(out, `service.${spec.name}.json`);
      await writeAtomic(file, `${JSON.stringify(result, null, 2)}\n`);
      log(`written: ${file}`);
    }
  }
  return { results, exitCode: results.some(failed) ? 1 : 0 };
}
