/**
 * The service experiment in a Chromium page, which has no server: a
 * requestAnimationFrame loop must stay smooth while the page fires fetches at
 * a fixed rate at the delay route on its own origin and runs a CPU kernel
 * for each answer, on the main thread (inline) or through @threadlab/web's
 * pool. Bundled by tsup into dist/service-page/ with its worker beside it,
 * served cross-origin isolated and driven by runners/chromium.ts through
 * SERVICE_BRIDGE.
 *
 * Per mode: the arrivals are open-loop (request i is due at i × 1000/rateRps
 * ms, sent late in a batch when the page could not keep up, its latency still
 * counted from when it was due), every kernel answer is checked against one
 * computed here beforehand, and a wrong one fails the run.
 */
import { answerDriver } from "@threadlab/chromium/page-bridge";
import { spin, spinRate, type SpinInput } from "@threadlab/core";
import { createPool, type Pool } from "@threadlab/web";
import { checkPageRequest, drainCapMs, PAGE_MODES, type PageMode, type PageRequest } from "../page-request.ts";
import type { Latency, PageRun } from "../types.ts";
import { SERVICE_BRIDGE, type ServicePageInput, type ServicePageOutput } from "./bridge.ts";

/** What a page has that Node's types do not declare. */
const scope = globalThis as unknown as { requestAnimationFrame(callback: () => void): number };

/** A bundled file beside this one in dist/service-page/. */
const here = (file: string) => new URL(`./${file}`, import.meta.url);

/** Requests cycle through this many seeds, each answer computed once beforehand. */
const SEEDS = 16;

interface SpinApi {
  spin(input: SpinInput): number;
}

/**
 * Every request goes to the network, never through the HTTP cache, whose per-URL lock can hold concurrent
 * fetches of the same URL behind one another until the first one's headers arrive. (Node's types lack `cache`.)
 */
const NO_STORE: RequestInit & { cache: "no-store" } = { cache: "no-store" };

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Nearest-rank percentile of an ascending array, in ms to the µs. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function latencyOf(values: number[]): Latency {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), p999: percentile(s, 99.9), max: round(s.at(-1) ?? 0), count: s.length };
}

interface Kernel {
  iterations: number;
  expected: number[];
}

/** One mode: pool start and warm-up, `durationMs` of arrivals, the wait for the last answers. */
async function runMode(mode: PageMode, request: PageRequest, kernel: Kernel, delayUrl: string, log: (line: string) => void): Promise<PageRun> {
  const { iterations, expected } = kernel;
  const threads = mode === "pool" ? request.threads : 1;
  let pool: Pool<SpinApi> | undefined;
  try {
    if (mode === "pool") {
      pool = createPool<SpinApi>(here("spin.worker.js"), { size: threads });
      await pool.ready();
      // Untimed calls so no worker's first requests run cold code; checked like the rest.
      const p = pool;
      await Promise.all(
        Array.from({ length: threads * 4 }, async (_, i) => {
          const seed = (i % SEEDS) + 1;
          const answer = await p.api.spin({ iterations, seed });
          if (answer !== expected[seed - 1]) throw new Error(`service page: wrong kernel answer for seed ${seed} in pool mode (warm-up): ${answer}, expected ${expected[seed - 1]}`);
        }),
      );
    }
    const run = pool ? (input: SpinInput) => pool!.api.spin(input) : undefined;

    const counts = { sent: 0, ok: 0, wrong: 0, errors: 0, inFlight: 0 };
    const latencies: number[] = [];
    const frames: number[] = [];
    let firstError: string | undefined;
    let failure: Error | undefined;
    /** Set when the mode is over: answers that arrive later are not counted. */
    let closed = false;
    let sendingDone = false;
    let settle!: () => void;
    const settled = new Promise<void>((done) => (settle = done));
    const maybeSettled = () => {
      if ((sendingDone && counts.inFlight === 0) || failure) settle();
    };

    // The UI loop: the time between animation frames, as the page sees it.
    let framesOn = true;
    let previousFrame: number | undefined;
    const onFrame = () => {
      if (!framesOn) return;
      const now = performance.now();
      if (previousFrame !== undefined) frames.push(now - previousFrame);
      previousFrame = now;
      scope.requestAnimationFrame(onFrame);
    };
    scope.requestAnimationFrame(onFrame);

    const one = async (i: number, due: number) => {
      counts.sent++;
      counts.inFlight++;
      try {
        const response = await fetch(delayUrl, NO_STORE);
        await response.text();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        if (closed) return;
        const seed = (i % SEEDS) + 1;
        let answer = run ? await run({ iterations, seed }) : spin({ iterations, seed });
        if (closed) return;
        if (request.corruptAnswers) answer = (answer ^ 1) >>> 0;
        if (answer !== expected[seed - 1]) {
          counts.wrong++;
          failure ??= new Error(`service page: wrong kernel answer for seed ${seed} in ${mode} mode: ${answer}, expected ${expected[seed - 1]}`);
          return;
        }
        counts.ok++;
        latencies.push(performance.now() - due);
      } catch (error) {
        if (closed) return;
        counts.errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      } finally {
        counts.inFlight--;
        maybeSettled();
      }
    };

    // Open-loop arrivals: each tick sends every request due by now, then sleeps until the next one is due.
    const interval = 1000 / request.rateRps;
    const total = Math.ceil((request.durationMs * request.rateRps) / 1000);
    const t0 = performance.now();
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      if (failure) return maybeSettled();
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        void one(next, t0 + next * interval);
        next++;
      }
      if (next < total) timer = setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
      else {
        sendingDone = true;
        maybeSettled();
      }
    };
    tick();

    // The last requests get a while to answer; any still out then are errors.
    const cap = request.durationMs + drainCapMs(request);
    let capTimer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([settled, new Promise<void>((done) => (capTimer = setTimeout(done, Math.max(0, t0 + cap - performance.now()))))]);
    clearTimeout(capTimer);
    clearTimeout(timer);
    closed = true;
    framesOn = false;
    if (failure) throw failure;
    const unanswered = counts.inFlight;
    counts.errors += unanswered;
    if (unanswered > 0) firstError ??= `${unanswered} requests still unanswered ${drainCapMs(request)} ms after the last was due`;

    const sortedFrames = [...frames].sort((a, b) => a - b);
    const result: PageRun = {
      mode,
      threads,
      kernelMs: request.kernelMs,
      rateRps: request.rateRps,
      durationMs: request.durationMs,
      ok: counts.ok,
      wrong: counts.wrong,
      errors: counts.errors,
      frameMs: { p50: percentile(sortedFrames, 50), p99: percentile(sortedFrames, 99), max: round(sortedFrames.at(-1) ?? 0), frames: frames.length },
      latency: latencyOf(latencies),
    };
    const f = result.frameMs;
    const l = result.latency;
    log(
      `${mode}${mode === "pool" ? ` (${threads} workers)` : ""}: ${counts.sent} sent, ${counts.ok} ok, ${counts.errors} errors; ` +
        `frames p50 ${f.p50} p99 ${f.p99} max ${f.max} ms (${f.frames}); latency p50 ${l.p50} p99 ${l.p99} max ${l.max} ms`,
    );
    if (firstError) log(`${mode}: first error: ${firstError}`);
    return result;
  } finally {
    await pool?.close();
  }
}

answerDriver(SERVICE_BRIDGE, async (inputJson, tell) => {
  const log = (line: string) => tell(SERVICE_BRIDGE.log, line);
  const input = JSON.parse(inputJson) as ServicePageInput;
  const request = checkPageRequest(input.request);
  if (typeof input.delayPath !== "string") throw new Error("service page: input.delayPath missing");
  const delayUrl = `${input.delayPath}?ms=${request.ioDelayMs}`;

  // Calibrated where the inline kernel runs; the pool runs the same iterations.
  const itersPerUs = spinRate(() => performance.now());
  const iterations = Math.max(1, Math.round(request.kernelMs * 1000 * itersPerUs));
  const expected = Array.from({ length: SEEDS }, (_, i) => spin({ iterations, seed: i + 1 }));
  log(`calibrated: ${itersPerUs.toFixed(1)} spin iterations/µs on the main thread, ${iterations} per ${request.kernelMs} ms kernel`);

  // Opens the connections the first requests would otherwise wait for.
  await Promise.all(Array.from({ length: 4 }, () => fetch(delayUrl, NO_STORE).then((r) => r.text())));

  const page: PageRun[] = [];
  for (const mode of request.modes ?? PAGE_MODES) {
    page.push(await runMode(mode, request, { iterations, expected }, delayUrl, log));
    // A moment for the mode's leftovers (garbage, closing workers) before the next starts.
    await sleep(200);
  }
  const output: ServicePageOutput = { itersPerUs, page };
  return JSON.stringify(output);
});
