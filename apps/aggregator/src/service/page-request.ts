/**
 * What the service experiment's Chromium runner (dist/service-chromium.js)
 * and its page are asked to do: plain data with no `node:` imports, parsed
 * on both sides of the process boundary (the runner checks it before it
 * starts a browser; the page parses what the runner hands it).
 */
import type { PageRun } from "./types.ts";

export type PageMode = PageRun["mode"];

export const PAGE_MODES: readonly PageMode[] = ["inline", "pool"];

export interface PageRequest {
  /** CPU per request, in ms of the spin kernel as calibrated on the page's main thread. */
  kernelMs: number;
  /** Open-loop arrival rate: request i is due at i × 1000 / rateRps ms after the mode starts. */
  rateRps: number;
  /** How long each mode sends requests. */
  durationMs: number;
  /** Pool workers in pool mode. */
  threads: number;
  /** What each request's fetch waits on the server (the delay route). */
  ioDelayMs: number;
  /** In this order; default inline, then pool. */
  modes?: PageMode[];
  /** Test-only: every kernel answer is altered before it is verified, so the run must fail. */
  corruptAnswers?: boolean;
}

/** What the runner prints on stdout. */
export interface PageRunnerOutput {
  runtime: { name: "chromium"; version: string };
  /** Spin iterations per µs on the page's main thread. */
  itersPerUs: number;
  page: PageRun[];
}

function number(data: Record<string, unknown>, key: string, min: number, max: number, whole: boolean): number {
  const v = data[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v))) {
    throw new Error(`request: ${key} must be ${whole ? "a whole number" : "a number"} from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Checks a request that crossed a process boundary; throws one line naming the first problem. */
export function parsePageRequest(json: string | undefined): PageRequest {
  if (!json) throw new Error("usage: service-chromium '<request JSON>'");
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error("request: not valid JSON");
  }
  return checkPageRequest(data);
}

/** parsePageRequest for a request already parsed (the page gets it inside its input). */
export function checkPageRequest(data: unknown): PageRequest {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("request: must be a JSON object");
  const d = data as Record<string, unknown>;
  const request: PageRequest = {
    kernelMs: number(d, "kernelMs", 0, 1000, false),
    rateRps: number(d, "rateRps", 0, 100_000, false),
    durationMs: number(d, "durationMs", 1, 600_000, true),
    threads: number(d, "threads", 1, 256, true),
    // The delay route answers after at most a minute.
    ioDelayMs: number(d, "ioDelayMs", 0, 60_000, false),
  };
  if (!(request.kernelMs > 0)) throw new Error("request: kernelMs must be above 0");
  if (!(request.rateRps > 0)) throw new Error("request: rateRps must be above 0");
  if (d.modes !== undefined) {
    const modes = d.modes;
    if (!Array.isArray(modes) || modes.length === 0 || !modes.every((m) => PAGE_MODES.includes(m as PageMode)) || new Set(modes).size !== modes.length) {
      throw new Error(`request: modes must list "inline" and/or "pool" once each, got ${JSON.stringify(modes)}`);
    }
    request.modes = modes as PageMode[];
  }
  if (d.corruptAnswers !== undefined) {
    if (typeof d.corruptAnswers !== "boolean") throw new Error("request: corruptAnswers must be true or false");
    if (d.corruptAnswers) request.corruptAnswers = true;
  }
  return request;
}

/** The runner's arguments after `node`: its file, then the request. `runnerFile` is dist/service-chromium.js. */
export function pageRunnerArgs(runnerFile: string, request: PageRequest): string[] {
  return [runnerFile, JSON.stringify(request)];
}

/**
 * A deadline for the whole runner: a browser start, then per mode its
 * duration, the in-flight wait, calibration, warm-up and pool start.
 */
export function pageRunnerDeadlineMs(request: PageRequest): number {
  const modes = request.modes?.length ?? PAGE_MODES.length;
  return 60_000 + modes * (request.durationMs + drainCapMs(request) + 15_000);
}

/** How long a mode waits for requests still in flight after its last send; those still out then count as errors. */
export function drainCapMs(request: PageRequest): number {
  return Math.min(30_000, 2_000 + request.ioDelayMs * 4 + request.kernelMs * 50);
}
