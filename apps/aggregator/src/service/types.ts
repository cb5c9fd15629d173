/**
 * The service experiment's results: a real HTTP server per runtime, CPU work
 * per request inline or through the pool (or in several processes), driven
 * at fixed arrival rates by an open-loop generator in another process.
 * Written as `service.<runtime>.json` (schema threadlab.service/v1).
 */
import type { MachineInfo } from "@threadlab/core";

export const SERVICE_SCHEMA = "threadlab.service/v1";

/** How a server runs its CPU kernel: on the event loop, through the pool, or in several processes sharing one port. */
export type ServiceMode = "inline" | "pool" | "cluster";

/** Latency in milliseconds, from an HdrHistogram (3 significant digits). */
export interface Latency {
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** Responses recorded. */
  count: number;
  /**
   * The p99's 95% interval from order statistics (distribution-free), where
   * recorded (the health endpoint). `bounded` is false with too few responses
   * (under 368) for the top to be a bound: it is then the maximum.
   */
  p99Ci?: { low: number; high: number; level: number; bounded: boolean };
}

/** One fixed arrival rate held for `durationMs`. */
export interface StepResult {
  offeredRps: number;
  /** Verified responses per second over the step (from the first send to the last answer). */
  achievedRps: number;
  sent: number;
  ok: number;
  /** Non-2xx answers, broken connections. */
  errors: number;
  /** Requests not answered within the step's timeout (aborted). */
  timeouts: number;
  /** Answers whose kernel result was wrong: any one fails the run. */
  wrong: number;
  /** From each request's scheduled send time, so queueing in the generator counts (no coordinated omission). */
  latency: Latency;
  /** The health endpoint (no CPU work), probed at a low fixed rate during the step. */
  health: Latency;
  /**
   * How late the generator sent requests behind their schedule (its timers
   * wake up to a millisecond or more late, later when the cores are busy).
   * It counts in every latency here, so it is a floor under the health p99.
   */
  generatorLateMs?: Latency;
  /** The server's event-loop lag during the step (one process's, in cluster mode). */
  lagMs?: { p50: number; p99: number; max: number };
}

export interface ModeRun {
  mode: ServiceMode;
  /** Pool workers, or processes in cluster mode; 1 inline. */
  threads: number;
  kernelMs: number;
  steps: StepResult[];
  /** The highest verified throughput over the steps. */
  saturationRps: number;
  /** One more step at 80% of inline's saturation rate (the same rate for every mode of this kernel): where the health endpoint is compared. */
  at80?: StepResult;
  error?: string;
}

/** The browser has no server: a page keeps a requestAnimationFrame loop while it fetches and runs kernels. */
export interface PageRun {
  mode: "inline" | "pool";
  threads: number;
  kernelMs: number;
  rateRps: number;
  durationMs: number;
  ok: number;
  wrong: number;
  errors: number;
  /** Time between animation frames. */
  frameMs: { p50: number; p99: number; max: number; frames: number };
  /** Fetch plus kernel, from the scheduled send time. */
  latency: Latency;
}

export interface ServiceResult {
  schema: typeof SERVICE_SCHEMA;
  runtime: { name: string; version: string };
  machine: MachineInfo;
  at: string;
  settings: { ioDelayMs: number; kernelMs: number[]; stepMs: number; preset: string };
  /** Spin iterations per µs in this runtime: a kernel of k ms is k × 1000 × this many iterations, the same in every mode. */
  itersPerUs: number;
  /** Servers only. */
  runs: ModeRun[];
  /** Chromium only. */
  page?: PageRun[];
  /** The generator's own ceiling, measured against a server that does nothing. */
  generator?: { capacityRps: number };
  error?: string;
}
