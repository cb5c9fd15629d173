import { spin } from "@threadlab/core";
import { runStep, type StepSpec } from "./load.ts";
import type { RunningServer } from "./servers.ts";
import { threadsOf, type ModeSpec, type ServiceSettings } from "./settings.ts";
import type { ModeRun, StepResult } from "./types.ts";

/** Seeds cycled through by the work requests; their answers are computed here once, so every response is checked. */
const SEEDS = 16;

/** The work requests of one kernel size, and the check of each answer. */
export interface Kernel {
  kernelMs: number;
  iterations: number;
  path(i: number): string;
  verify(body: string, i: number): boolean;
}

export function kernelOf(kernelMs: number, itersPerUs: number): Kernel {
  const iterations = Math.max(1, Math.round(kernelMs * 1000 * itersPerUs));
  const expected = Array.from({ length: SEEDS }, (_, k) => spin({ iterations, seed: k + 1 }));
  return {
    kernelMs,
    iterations,
    path: (i) => `/work?i=${iterations}&s=${(i % SEEDS) + 1}`,
    verify(body, i) {
      try {
        const { s, a } = JSON.parse(body) as { s: number; a: number };
        return s === (i % SEEDS) + 1 && a === expected[i % SEEDS];
      } catch {
        return false;
      }
    },
  };
}

/** A step that did not keep up: less than 90% of the offered rate answered, or requests given up on. */
export function saturated(step: StepResult): boolean {
  return step.achievedRps < 0.9 * step.offeredRps || step.timeouts > 0 || step.errors > 0;
}

async function getJson<T>(base: string, path: string, timeoutMs = 5_000): Promise<T> {
  const response = await fetch(base + path, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Waits until the health endpoint answers within a few ms: the backlog of a saturated step (work the client gave up on) is done. */
async function drain(base: string, limitMs = 10_000): Promise<void> {
  const giveUp = Date.now() + limitMs;
  while (Date.now() < giveUp) {
    const t0 = performance.now();
    await getJson(base, "/health", limitMs).catch(() => undefined);
    if (performance.now() - t0 < 5) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SweepContext {
  settings: ServiceSettings;
  cores: number;
  kernel: Kernel;
  signal?: AbortSignal;
  log(line: string): void;
}

/** One step at `rateRps` against `server`, with the server's event-loop lag over it. */
async function step(server: RunningServer, rateRps: number, durationMs: number, { settings, kernel, signal }: SweepContext, healthRps = settings.healthRps): Promise<StepResult> {
  const base = `http://127.0.0.1:${server.port}`;
  const spec: StepSpec = {
    base,
    path: kernel.path,
    verify: kernel.verify,
    rateRps,
    durationMs,
    timeoutMs: settings.timeoutMs,
    connections: settings.connections,
    health: { path: "/health", rateRps: healthRps },
  };
  await getJson(base, "/lag");
  const outcome = await runStep(spec, signal);
  const lagMs = await getJson<{ p50: number; p99: number; max: number }>(base, "/lag", settings.timeoutMs + 5_000).catch(() => undefined);
  if (outcome.wrong > 0) throw new Error(`${outcome.wrong} of ${outcome.sent} answers were wrong at ${rateRps} req/s: the kernel's result did not match the one computed here`);
  return { ...outcome, ...(lagMs ? { lagMs } : {}) };
}

const round = (x: number) => Math.max(1, Math.round(x));

/**
 * One mode at one kernel size: a warm-up step, then rising offered rates
 * until the first step that does not keep up (open loop: a step's latency
 * includes the queue it builds).
 */
export async function sweepMode(server: RunningServer, spec: ModeSpec, context: SweepContext): Promise<ModeRun> {
  const { settings, cores, kernel, log } = context;
  const top = (cores * 1000) / kernel.kernelMs;
  const threads = threadsOf(spec, cores);
  const run: ModeRun = { mode: spec.mode, threads, kernelMs: kernel.kernelMs, steps: [], saturationRps: 0 };
  await step(server, round(settings.fractions[0]! * top), settings.warmupMs, context);
  for (const fraction of settings.fractions) {
    const result = await step(server, round(fraction * top), settings.stepMs, context);
    run.steps.push(result);
    log(`${spec.mode}(${threads}) ${kernel.kernelMs} ms: offered ${result.offeredRps}/s, answered ${Math.round(result.achievedRps)}/s, p99 ${result.latency.p99.toFixed(1)} ms`);
    if (saturated(result)) break;
  }
  run.saturationRps = Math.max(...run.steps.map((s) => s.achievedRps));
  return run;
}

/** The step every mode takes at the same rate, 80% of inline's saturation, once the sweep's backlog is done. */
export async function stepAt(server: RunningServer, rateRps: number, context: SweepContext): Promise<StepResult> {
  await drain(`http://127.0.0.1:${server.port}`);
  const { stepMs, comparisonProbes } = context.settings;
  return step(server, round(rateRps), stepMs, context, (comparisonProbes * 1000) / stepMs);
}

/** The server's spin rate, measured on its own main thread before any load (so every mode of a runtime gets the same iteration count). */
export function calibrate(server: RunningServer): Promise<number> {
  return getJson<{ itersPerUs: number }>(`http://127.0.0.1:${server.port}`, "/calibrate", 30_000).then((r) => r.itersPerUs);
}
