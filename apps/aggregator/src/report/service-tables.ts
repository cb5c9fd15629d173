import type { ResultSet } from "../results/read-results.ts";
import type { ModeRun, ServiceResult, StepResult } from "../service/types.ts";
import { modeLabel } from "../service/table.ts";
import type { Table } from "./format/table.ts";
import { int, kernelSize, ms, ratioFixed, withCi } from "./format/units.ts";
import { SECTION } from "./sections.ts";
import type { Verdict } from "./verdict.ts";

/** The latency a service is held to: p99 within 10× a request's own time (its I/O plus its CPU), so 30 ms for 1 ms of CPU after 2 ms of I/O. */
export const SLO_FACTOR = 10;

/** The highest offered rate whose step answered ≥ 90% of it, gave up on none, and kept p99 within `sloMs`. */
function within(run: ModeRun | undefined, sloMs: number): StepResult | undefined {
  return run?.steps.filter((s) => s.achievedRps >= 0.9 * s.offeredRps && s.timeouts === 0 && s.errors === 0 && s.latency.p99 <= sloMs).at(-1);
}

/** The kernel size every figure of the overview, the verdict and the findings quotes: 1 ms where it ran (the issue's question), else the first. */
export function headlineKernel(r: ServiceResult): number | undefined {
  const sizes = r.settings.kernelMs;
  return sizes.includes(1) ? 1 : sizes[0];
}

/** One server runtime's figures at one kernel size: what the findings, the verdict and the overview quote. */
export interface ServiceFigures {
  runtime: string;
  kernelMs: number;
  inline: ModeRun;
  pool?: ModeRun;
  cluster?: ModeRun;
  /** pool ÷ inline saturation throughput. */
  poolGain?: number;
  /** p99 the modes are held to, in ms. */
  sloMs: number;
  /** The highest offered rate each kept p99 within `sloMs` at. */
  inlineWithin?: StepResult;
  poolWithin?: StepResult;
  /** inline's health p99 ÷ the pool's, at 80% of inline's saturation. */
  healthGain?: number;
  /**
   * That ratio's interval, from each p99's 95% interval (its low end: inline's
   * low over the pool's high), where both steps recorded them and the pool's
   * has a top (368 probes at least). The claim is decided from it.
   */
  healthGainCi?: { low: number; high: number };
}

/** inline's p99 interval over the pool's, crosswise: the ratio's lowest and highest values the two intervals allow. */
function healthGainCi(inline: StepResult, pool: StepResult): { low: number; high: number } | undefined {
  const a = inline.health.p99Ci;
  const b = pool.health.p99Ci;
  if (!a || !b || !b.bounded || !(b.low > 0)) return undefined;
  return { low: a.low / b.high, high: a.bounded ? a.high / b.low : Number.POSITIVE_INFINITY };
}

const ok = (r: ModeRun | undefined) => (r && !r.error && r.steps.length ? r : undefined);

export function serviceFigures(r: ServiceResult, kernelMs = headlineKernel(r)): ServiceFigures | undefined {
  if (r.error || kernelMs === undefined) return undefined;
  const runs = r.runs.filter((x) => x.kernelMs === kernelMs);
  const inline = ok(runs.find((x) => x.mode === "inline"));
  if (!inline) return undefined;
  // The pool at one worker per core, the mode the verdict is about; a wider pool is a table row.
  const pool = ok(runs.filter((x) => x.mode === "pool").sort((a, b) => a.threads - b.threads)[0]);
  const cluster = ok(runs.find((x) => x.mode === "cluster"));
  const sloMs = SLO_FACTOR * (r.settings.ioDelayMs + kernelMs);
  const inlineWithin = within(inline, sloMs);
  const poolWithin = within(pool, sloMs);
  const health = inline.at80 && pool?.at80 && pool.at80.health.p99 > 0 ? inline.at80.health.p99 / pool.at80.health.p99 : undefined;
  const healthCi = inline.at80 && pool?.at80 ? healthGainCi(inline.at80, pool.at80) : undefined;
  return {
    runtime: r.runtime.name,
    kernelMs,
    inline,
    ...(pool ? { pool, poolGain: pool.saturationRps / inline.saturationRps } : {}),
    ...(cluster ? { cluster } : {}),
    sloMs,
    ...(inlineWithin ? { inlineWithin } : {}),
    ...(poolWithin ? { poolWithin } : {}),
    ...(health !== undefined ? { healthGain: health } : {}),
    ...(healthCi ? { healthGainCi: healthCi } : {}),
  };
}

/** The health p99 with its 95% interval where recorded; only its low end ("≥") where too few probes gave the interval no top. */
function healthCell(at: StepResult): string {
  const ci = at.health.p99Ci;
  if (!ci) return ms(at.health.p99);
  return ci.bounded ? withCi({ median: at.health.p99, ci }) : `${ms(at.health.p99)} (≥ ${ms(ci.low)})`;
}

/** One row per runtime and mode at `kernelMs`. */
function serverTable(set: ResultSet, kernelMs: number): Table | undefined {
  const rows: string[][] = [];
  for (const r of set.service.filter((s) => !s.page)) {
    if (r.error) {
      rows.push([r.runtime.name, "–", `ERROR: ${r.error}`, "", "", "", ""]);
      continue;
    }
    const runs = r.runs.filter((x) => x.kernelMs === kernelMs);
    const inline = ok(runs.find((x) => x.mode === "inline"));
    for (const run of runs) {
      if (run.error) {
        rows.push([r.runtime.name, modeLabel(run), `ERROR: ${run.error}`, "", "", "", ""]);
        continue;
      }
      const at = run.at80;
      rows.push([
        r.runtime.name,
        modeLabel(run),
        int(run.saturationRps),
        inline ? ratioFixed(run.saturationRps / inline.saturationRps) : "–",
        at ? `${ms(at.latency.p99)} @ ${int(at.offeredRps)}/s` : "–",
        at ? healthCell(at) : "–",
        at?.lagMs ? ms(at.lagMs.p99) : "–",
      ]);
    }
  }
  if (rows.length === 0) return undefined;
  const io = set.service.find((s) => !s.page)?.settings.ioDelayMs ?? 0;
  return {
    id: `service-${String(kernelMs).replace(".", "_")}ms`,
    title: `A service with ${kernelMs} ms of CPU per request`,
    note:
      `Each request awaits ${io} ms of I/O (a timer), then runs the spin kernel inline on the event loop, through the pool, or in one of several processes on one port; every answer is checked. ` +
      "Saturation is the most verified answers per second over the offered rates. p99, the health endpoint's p99 and the loop's lag are from one more step at 80% of inline's saturation, the same rate for every mode of a runtime. " +
      "The health p99's 95% interval is in parentheses (order statistics over its probes); the generator's own lateness, which every latency includes, is in the findings.",
    head: ["runtime", "mode", "saturation req/s", "× inline", "p99 at 80% of inline", "health p99", "loop lag p99"],
    rows,
  };
}

function pageTable(set: ResultSet): Table | undefined {
  const pages = set.service.filter((s) => s.page?.length);
  if (pages.length === 0) return undefined;
  return {
    id: "service-page",
    title: "A page under load (Chromium)",
    note: "A page has no server: it fetches from its own origin at a fixed rate and runs the kernel for each answer, inline on the main thread or in the web pool, while a requestAnimationFrame loop records the time between frames (16.7 ms is smooth at 60 Hz).",
    head: ["runtime", "mode", "kernel", "fetches/s", "answered", "frame p50", "frame p99", "latency p99"],
    rows: pages.flatMap((r) =>
      r.page!.map((p) => [r.runtime.name, modeLabel(p), kernelSize(p.kernelMs), int(p.rateRps), `${p.ok}/${p.ok + p.wrong + p.errors}`, ms(p.frameMs.p50), ms(p.frameMs.p99), ms(p.latency.p99)]),
    ),
  };
}

export function serviceTables(set: ResultSet): Table[] {
  const sizes = [...new Set(set.service.flatMap((s) => (s.page ? [] : s.settings.kernelMs)))].sort((a, b) => a - b);
  return [...sizes.map((k) => serverTable(set, k)), pageTable(set)].filter((t): t is Table => t !== undefined);
}

/** The health check compared at 80% of inline's saturation: decided from the ratio's interval where the steps recorded one. */
function healthSentence(f: ServiceFigures): string | undefined {
  const pool = f.pool?.at80;
  const inline = f.inline.at80;
  if (!pool || !inline || f.healthGain === undefined) return undefined;
  const head = `At ${int(inline.offeredRps)} req/s the health check's p99 was ${ms(pool.health.p99)} with the pool`;
  const ci = f.healthGainCi;
  const late = pool.generatorLateMs;
  // Every latency counts from its scheduled send, so the generator's own lateness is in both p99s: on a small machine, a floor under them.
  const floor = late ? ` The generator itself sent requests up to ${ms(late.p99)} late at p99 in that step, and that is counted in both.` : "";
  if (!ci) {
    const better = f.healthGain > 1;
    return `${head} ${better ? "against" : "and"} ${ms(inline.health.p99)} inline${better ? ` (${f.healthGain.toFixed(1)}× lower)` : ": no better"}.${floor}`;
  }
  const range = `${ci.low.toFixed(1)}–${Number.isFinite(ci.high) ? `${ci.high.toFixed(1)}×` : "…"}`;
  if (ci.low > 1) return `${head} against ${ms(inline.health.p99)} inline: ${f.healthGain.toFixed(1)}× lower (${range} from the two p99s' 95% intervals).${floor}`;
  if (ci.high < 1) return `${head} and ${ms(inline.health.p99)} inline: higher with the pool (${range}).${floor}`;
  return `${head} and ${ms(inline.health.p99)} inline: their 95% intervals overlap (the ratio ${range}), so no difference is claimed.${floor}`;
}

/** Sentences around the figures the table shows, one per runtime; comparisons made from the numbers they quote. */
export function serviceFindings(set: ResultSet): string[] {
  const out: string[] = [];
  for (const r of set.service) {
    if (r.error) {
      out.push(`${r.runtime.name}: the service experiment failed: ${r.error}`);
      continue;
    }
    if (r.page?.length) {
      const inline = r.page.find((p) => p.mode === "inline");
      const pool = r.page.find((p) => p.mode === "pool");
      if (inline && pool) {
        const smoother = pool.frameMs.p99 < inline.frameMs.p99;
        out.push(
          `${r.runtime.name}, a page fetching ${int(pool.rateRps)} times a second with ${kernelSize(pool.kernelMs)} of CPU each: frames took ${ms(pool.frameMs.p99)} at p99 with the ${modeLabel(pool)}, ` +
            `${smoother ? "against" : "and"} ${ms(inline.frameMs.p99)} with the kernel inline${smoother ? "" : ": the pool did not make the page smoother here"}.`,
        );
      }
      continue;
    }
    const f = serviceFigures(r);
    if (!f) continue;
    const parts = [`${r.runtime.name}, ${kernelSize(f.kernelMs)} of CPU per request: inline saturated at ${int(f.inline.saturationRps)} req/s`];
    if (f.pool && f.poolGain !== undefined) parts.push(`${modeLabel(f.pool)} at ${int(f.pool.saturationRps)} (${ratioFixed(f.poolGain)})`);
    if (f.cluster) parts.push(`${modeLabel(f.cluster)} at ${int(f.cluster.saturationRps)}`);
    let text = `${parts.join(", ")}.`;
    if (f.pool) {
      const rate = (s: StepResult | undefined) => (s ? `up to ${int(s.offeredRps)} req/s` : "none of the rates offered");
      text += ` With p99 held within ${ms(f.sloMs)}, the pool served ${rate(f.poolWithin)}, inline ${rate(f.inlineWithin)}.`;
    }
    const health = healthSentence(f);
    if (health) text += ` ${health}`;
    out.push(text);
  }
  const capacity = set.service.find((s) => s.generator)?.generator?.capacityRps;
  const highest = Math.max(0, ...set.service.flatMap((s) => s.runs.map((r) => r.saturationRps)));
  if (capacity !== undefined && highest > 0) {
    out.push(
      `The load generator alone answered ${int(capacity)} req/s, ${(capacity / highest).toFixed(1)}× the highest rate any mode sustained (${int(highest)})` +
        `${capacity >= 3 * highest ? "" : ": less than 3×, so the highest figures may be the generator's limit"}.`,
    );
  }
  return out;
}

/** The verdict line: what the pool bought a server, per runtime, at the headline kernel. */
export function serviceVerdict(set: ResultSet): Verdict | undefined {
  const figures = set.service.map((r) => serviceFigures(r)).filter((f): f is ServiceFigures => f?.poolGain !== undefined);
  if (figures.length === 0) return undefined;
  const k = figures[0]!.kernelMs;
  return {
    question: "A service under load",
    answer: `at ${kernelSize(k)} of CPU per request the pool served ${figures.map((f) => `${ratioFixed(f.poolGain!)} (${f.runtime})`).join(", ")} inline's peak throughput.`,
    section: SECTION.service.id,
  };
}

/** The overview's service row: the pool's gain in throughput per server runtime, frame p99 inline → pool in a page. */
export function serviceOverview(set: ResultSet): Map<string, string> {
  const cells = new Map<string, string>();
  for (const r of set.service) {
    if (r.error) continue;
    if (r.page?.length) {
      const inline = r.page.find((p) => p.mode === "inline");
      const pool = r.page.find((p) => p.mode === "pool");
      if (inline && pool) cells.set(r.runtime.name, `frames ${ms(inline.frameMs.p99)} → ${ms(pool.frameMs.p99)}`);
      continue;
    }
    const f = serviceFigures(r);
    if (f?.poolGain !== undefined) cells.set(r.runtime.name, `${ratioFixed(f.poolGain)} req/s`);
  }
  return cells;
}

/** "service at 1 ms": the overview row's name, with the kernel size its figures are from. */
export function serviceOverviewLabel(set: ResultSet): string {
  const first = set.service.find((s) => !s.page && !s.error) ?? set.service[0];
  const k = first ? headlineKernel(first) : undefined;
  return k === undefined ? "service" : `service at ${kernelSize(k)}`;
}

/** Latency against offered load: one panel per server runtime and kernel size, one line per mode. */
export interface ServiceChart {
  runtime: string;
  kernelMs: number;
  x: number[];
  series: Array<{ label: string; mode: ModeRun["mode"]; values: Array<number | null> }>;
}

export function serviceCharts(set: ResultSet): ServiceChart[] {
  return set.service
    .filter((r) => !r.error && !r.page)
    .flatMap((r) =>
      r.settings.kernelMs.map((kernelMs) => {
        const runs = r.runs.filter((x) => x.kernelMs === kernelMs && !x.error);
        const x = [...new Set(runs.flatMap((run) => run.steps.map((s) => s.offeredRps)))].sort((a, b) => a - b);
        return {
          runtime: r.runtime.name,
          kernelMs,
          x,
          series: runs.map((run) => ({ label: modeLabel(run), mode: run.mode, values: x.map((rate) => run.steps.find((s) => s.offeredRps === rate)?.latency.p99 ?? null) })),
        };
      }),
    )
    .filter((c) => c.x.length > 0);
}
