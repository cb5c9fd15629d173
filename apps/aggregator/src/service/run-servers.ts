import { availableParallelism, hostname } from "node:os";
import * as os from "node:os";
import { machineFromOs } from "@threadlab/core";
import type { FoundRuntime } from "../runtimes/types.ts";
import { startCluster, startServer, type RunningServer, type ServerRuntime } from "./servers.ts";
import { threadsOf, type ModeSpec, type ServiceSettings } from "./settings.ts";
import { calibrate, kernelOf, stepAt, sweepMode, type SweepContext } from "./sweep.ts";
import { SERVICE_SCHEMA, type ModeRun, type ServiceResult } from "./types.ts";

export interface ServerRunOptions {
  settings: ServiceSettings;
  preset: string;
  /** Test-only: servers answer wrongly, which must fail the run. */
  corrupt?: boolean;
  signal?: AbortSignal;
  log(line: string): void;
}

function start(runtime: ServerRuntime, found: FoundRuntime, spec: ModeSpec, cores: number, options: ServerRunOptions): Promise<RunningServer> {
  const base = { ioDelayMs: options.settings.ioDelayMs, ...(options.corrupt ? { corrupt: true } : {}) };
  const threads = threadsOf(spec, cores);
  if (spec.mode === "cluster") return startCluster(runtime, found, base, threads);
  return startServer(runtime, found, { ...base, mode: spec.mode, threads });
}

/**
 * The service experiment in one server runtime: its spin rate measured once
 * (the same iterations in every mode), then per kernel size inline first,
 * which sets the comparison rate (80% of its saturation), then the others.
 * A mode that fails is a run with `error`; the others still run.
 */
export async function runServers(runtime: ServerRuntime, found: FoundRuntime, options: ServerRunOptions): Promise<ServiceResult> {
  const { settings, log } = options;
  const cores = availableParallelism();
  const result: ServiceResult = {
    schema: SERVICE_SCHEMA,
    runtime: { name: runtime, version: found.version },
    machine: { ...machineFromOs(os), name: hostname() },
    at: new Date().toISOString(),
    settings: { ioDelayMs: settings.ioDelayMs, kernelMs: settings.kernelMs, stepMs: settings.stepMs, preset: options.preset },
    itersPerUs: 0,
    runs: [],
  };
  const probe = await startServer(runtime, found, { mode: "inline" });
  try {
    result.itersPerUs = await calibrate(probe);
  } finally {
    await probe.stop();
  }
  for (const kernelMs of settings.kernelMs) {
    const context: SweepContext = { settings, cores, kernel: kernelOf(kernelMs, result.itersPerUs), log, ...(options.signal ? { signal: options.signal } : {}) };
    let at80: number | undefined;
    for (const spec of settings.modes) {
      const threads = threadsOf(spec, cores);
      let server: RunningServer | undefined;
      let run: ModeRun = { mode: spec.mode, threads, kernelMs, steps: [], saturationRps: 0 };
      try {
        server = await start(runtime, found, spec, cores, options);
        run = await sweepMode(server, spec, context);
        if (spec.mode === "inline") at80 = 0.8 * run.saturationRps;
        if (at80 !== undefined && settings.modes.length > 1) run.at80 = await stepAt(server, at80, context);
      } catch (error) {
        run.error = error instanceof Error ? error.message : String(error);
        log(`${spec.mode}(${threads}) ${kernelMs} ms failed: ${run.error}`);
      } finally {
        await server?.stop();
      }
      result.runs.push(run);
      if (options.signal?.aborted) return result;
    }
  }
  return result;
}
