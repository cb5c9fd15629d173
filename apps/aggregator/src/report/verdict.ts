import type { ResultSet } from "../results/read-results.ts";
import { asyncFigures, breakEvenFigures, overheadFigure, raceFigure, switchFigures } from "./figures.ts";
import { byColumn } from "./format/table.ts";
import { ms, ratioRough, taskSize, us } from "./format/units.ts";
import type { Overview } from "./overview.ts";
import type { PoolsVerdict } from "./pools-tables.ts";
import { SECTION } from "./sections.ts";
import { serviceVerdict } from "./service-tables.ts";

/** One short answer: the question it answers, the answer (under 30 words), and the section with the details. */
export interface Verdict {
  question: string;
  answer: string;
  section: string;
}

/** The most words a verdict's answer may have: it is read on the first screen, not studied. */
export const VERDICT_WORDS = 30;

/** Runtimes grouped by a value they share, in column order: "≥ 30 µs (node), ≥ 100 µs (deno, chromium)". */
function grouped(items: ReadonlyArray<[column: string, value: string]>): string {
  const by = new Map<string, string[]>();
  for (const [c, v] of items) by.set(v, [...(by.get(v) ?? []), c]);
  return [...by].map(([v, cs]) => `${v} (${cs.join(", ")})`).join(", ");
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Which runtime gave parallel CPU work the most here: the median over workloads of its overview row. */
function parallelVerdict(overview: Overview): Verdict | undefined {
  const per = overview.columns.flatMap((c) => {
    const cells = overview.rows.map((r) => r.cells.get(c)).filter((cell) => cell?.speedup !== undefined);
    return cells.length ? [{ c, m: median(cells.map((cell) => cell!.speedup!.value)), n: cells.length, row: cells[0]!.row }] : [];
  });
  if (per.length === 0) return undefined;
  const best = [...per].sort((a, b) => b.m - a.m)[0]!;
  const rest = per.filter((p) => p !== best).map((p) => `${p.c} ${p.m.toFixed(2)}×`);
  return {
    question: "Parallel CPU work",
    answer: `best in ${best.c}: ${best.row} gave a median ${best.m.toFixed(2)}× over ${best.n} workload${best.n === 1 ? "" : "s"}${rest.length ? ` (${rest.join(", ")})` : ""}.`,
    section: SECTION.overview.id,
  };
}

/** From which work per call workers pay, per runtime, from the break-even experiment's intervals. */
function breakEvenVerdict(cols: ReturnType<typeof byColumn>): Verdict | undefined {
  const rows = breakEvenFigures(cols);
  if (rows.length === 0) return undefined;
  const shown = rows.filter((r) => r.sizes.beatsAtUs !== undefined).map((r): [string, string] => [r.column, `≥ ${taskSize(r.sizes.beatsAtUs!)}`]);
  const not = rows.filter((r) => r.sizes.beatsAtUs === undefined).map((r) => r.column);
  const n = rows[0]!.sizes.threads;
  return {
    question: "When workers pay",
    answer:
      (shown.length ? `${n} workers beat inline when a call does ${grouped(shown)} of CPU work` : `${n} workers never beat inline`) +
      (not.length ? `${shown.length ? "; not shown in" : " in"} ${not.join(", ")}` : "") +
      ".",
    section: SECTION.worthIt.id,
  };
}

/** "6.10 µs–32.0 µs", or one figure where all runtimes gave the same: the range over runtimes. */
function span(values: readonly number[], format: (v: number) => string): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? format(lo) : `${format(lo)}–${format(hi)}`;
}

function asyncVerdict(cols: ReturnType<typeof byColumn>): Verdict | undefined {
  const rows = asyncFigures(cols);
  if (rows.length === 0) return undefined;
  const cpu = rows.find((r) => r.cpu !== undefined)?.cpu;
  return {
    question: "Asynchronous I/O",
    answer: `awaiting ${rows[0]!.what.replace(/ \(.*\)$/, "")} together was ${span(rows.map((r) => r.overlap), ratioRough)} faster on one thread${cpu !== undefined ? `; CPU work awaited together ${ratioRough(cpu)}` : ""}.`,
    section: SECTION.concepts.id,
  };
}

function concurrencyVerdict(cols: ReturnType<typeof byColumn>): Verdict | undefined {
  const rows = switchFigures(cols);
  if (rows.length === 0) return undefined;
  return {
    question: "Concurrency on one thread",
    answer: `cutting CPU work into slices keeps the thread responsive at ${span(rows.map((r) => r.messageChannelUs), us)} a yield; it never makes the work faster.`,
    section: SECTION.concepts.id,
  };
}

function raceVerdict(cols: ReturnType<typeof byColumn>): Verdict | undefined {
  const f = raceFigure(cols);
  if (!f) return undefined;
  return {
    question: "Shared memory",
    answer: `${f.threads} threads lost ${f.lost.toLocaleString("en")} of ${f.total.toLocaleString("en")} plain increments (${f.column}); Atomics.add lost ${f.lostAtomic === 0 ? "none" : f.lostAtomic.toLocaleString("en")}, at ${ratioRough(f.atomicCost)} the time.`,
    section: SECTION.concepts.id,
  };
}

function costVerdict(cols: ReturnType<typeof byColumn>): Verdict | undefined {
  const f = overheadFigure(cols);
  if (!f) return undefined;
  const pool = f.roundTripsUs.find(([label]) => label.includes("pool"));
  const post = f.roundTripsUs.find(([label]) => label.includes("postMessage"));
  const parts = [pool ? `a call through threadlab's pool ${us(pool[1])}` : "", post ? `a postMessage round trip ${us(post[1])}` : "", f.startupMs !== undefined ? `starting a worker ${ms(f.startupMs)}` : ""].filter(Boolean);
  return { question: "What a worker costs", answer: `${parts.join(", ")} (${f.column}).`, section: SECTION.overheads.id };
}

function poolsVerdict(pools: PoolsVerdict[]): Verdict | undefined {
  if (pools.length === 0) return undefined;
  const items = pools.map((p): [string, string] => [p.runtime, `${p.vsBestPeer.toFixed(1)}×`]);
  return {
    question: "Which pool",
    answer: `threadlab's pool ran tiny tasks at ${items.map(([rt, v]) => `${v} (${rt})`).join(", ")} the fastest peer's rate.`,
    section: SECTION.pools.id,
  };
}

/** The report's first lines: one short answer per question, each from the figures its section shows. */
export function verdicts(set: ResultSet, overview: Overview, pools: PoolsVerdict[]): Verdict[] {
  const cols = byColumn(set);
  return [
    parallelVerdict(overview),
    breakEvenVerdict(cols),
    serviceVerdict(set),
    asyncVerdict(cols),
    concurrencyVerdict(cols),
    raceVerdict(cols),
    costVerdict(cols),
    poolsVerdict(pools),
  ].filter((v): v is Verdict => v !== undefined);
}
