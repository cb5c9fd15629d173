import type { PresetName } from "@threadlab/core";

/** A server mode and its threads, as a multiple of the machine's cores (inline: one thread). */
export interface ModeSpec {
  mode: "inline" | "pool" | "cluster";
  perCore: number;
}

/** How much of the service experiment a preset runs. */
export interface ServiceSettings {
  /** CPU per request, in ms of the spin kernel (calibrated in each runtime). */
  kernelMs: number[];
  modes: ModeSpec[];
  /** Offered rates as fractions of `cores × 1000 / kernelMs` (what the cores could do with no overhead); a mode's sweep ends at its first saturated step. */
  fractions: number[];
  /** How long each rate is held. */
  stepMs: number;
  /** The unrecorded step each server starts with (JIT, pool, connections). */
  warmupMs: number;
  /** The I/O each work request awaits first (a timer). */
  ioDelayMs: number;
  /** Keep-alive connections the generator may open for work requests. */
  connections: number;
  /** The health endpoint's probe rate during the sweep's steps. */
  healthRps: number;
  /**
   * Health probes in the step at 80% of inline's saturation, where the modes'
   * health p99s are compared (its rate is these over the step): HdrHistogram's
   * p99 of 50 probes is their largest, and a p99's 95% interval has a top only
   * from 368 probes; of 600, the top is the largest but one (see quantileRanks).
   */
  comparisonProbes: number;
  /** A request unanswered this long after its scheduled time is a timeout. */
  timeoutMs: number;
  /**
   * The page variant (Chromium): its own kernel size and fetch rate, and how
   * long each mode runs. A page fetches no faster than ~100–200 a second here
   * (six connections per host), so it takes fewer, longer kernels: 5 ms at
   * 60 a second keeps its main thread 30% busy inline.
   */
  page: { kernelMs: number; rateRps: number; durationMs: number };
}

const BASE: Omit<ServiceSettings, "modes" | "fractions" | "stepMs" | "kernelMs"> = {
  warmupMs: 500,
  ioDelayMs: 2,
  connections: 64,
  healthRps: 50,
  comparisonProbes: 600,
  timeoutMs: 2_000,
  page: { kernelMs: 5, rateRps: 60, durationMs: 3_000 },
};

const ALL_MODES: ModeSpec[] = [
  { mode: "inline", perCore: 0 },
  { mode: "pool", perCore: 1 },
  { mode: "cluster", perCore: 1 },
];

export const SERVICE_PRESETS: Record<PresetName, ServiceSettings> = {
  // One short step of inline and pool: proves the servers answer, correctly, in every runtime.
  smoke: { ...BASE, kernelMs: [1], modes: ALL_MODES.slice(0, 2), fractions: [0.25], stepMs: 500, warmupMs: 200, page: { kernelMs: 5, rateRps: 60, durationMs: 1_000 } },
  quick: { ...BASE, kernelMs: [1], modes: ALL_MODES, fractions: [0.2, 0.4, 0.6, 0.8, 1.0, 1.2], stepMs: 700, page: { kernelMs: 5, rateRps: 60, durationMs: 2_000 } },
  default: { ...BASE, kernelMs: [1], modes: ALL_MODES, fractions: [0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.05, 1.2], stepMs: 1_000 },
  full: {
    ...BASE,
    kernelMs: [0.1, 1, 10],
    modes: [...ALL_MODES, { mode: "pool", perCore: 2 }],
    fractions: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.4],
    stepMs: 2_000,
  },
};

/** The threads of `spec` on a machine of `cores`. */
export function threadsOf(spec: ModeSpec, cores: number): number {
  return spec.mode === "inline" ? 1 : Math.max(1, Math.round(spec.perCore * cores));
}
