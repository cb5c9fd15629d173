import type { ResultSet } from "../results/read-results.ts";
import { EFFICIENT, shownFrom } from "./break-even.ts";
import { asyncFigures, bestParallel, breakEvenFigures, oneCoreFigure, overheadFigure, raceFigure, switchFigures } from "./figures.ts";
import { byColumn, type Column } from "./format/table.ts";
import { ms, pct, ratioRough, taskSize, us } from "./format/units.ts";
import { checkRange } from "./machine-figures.ts";

/**
 * The report's findings: one sentence per concept, each with its numbers,
 * generated from the results (never written by hand) around the figures the
 * tables show (figures.ts). A concept whose figures are missing, failed,
 * suspect or meaningless here gets no sentence rather than a misleading one.
 */
export interface Finding {
  concept: "asynchronous processing" | "concurrency" | "parallelism" | "break-even" | "multithreading" | "overheads";
  text: string;
}

/** "Node 19×, Deno 18×": the first column named in full, the others as a list. */
function others(items: Array<[string, string]>): string {
  return items.length ? ` (${items.map(([c, v]) => `${c} ${v}`).join(", ")})` : "";
}

function asyncFinding(cols: Column[]): Finding | undefined {
  const rows = asyncFigures(cols);
  if (rows.length === 0) return undefined;
  const [first, ...rest] = rows;
  return {
    concept: "asynchronous processing",
    text:
      `awaiting ${first!.what} together was ${ratioRough(first!.overlap)} faster than one by one in ${first!.column}${others(rest.map((r) => [r.column, ratioRough(r.overlap)]))}` +
      (first!.cpu !== undefined ? `, while CPU work awaited together ran at ${ratioRough(first!.cpu)}: waiting overlaps, computing does not.` : "."),
  };
}

function concurrencyFinding(cols: Column[]): Finding | undefined {
  const rows = switchFigures(cols);
  if (rows.length === 0) return undefined;
  const [first, ...rest] = rows;
  const timeout = first!.setTimeoutUs;
  return {
    concept: "concurrency",
    text:
      `a yield to the event loop, which keeps one thread responsive while CPU work is cut into slices, cost ${us(first!.messageChannelUs)} through a MessageChannel in ${first!.column}` +
      `${others(rest.map((r) => [r.column, us(r.messageChannelUs)]))}` +
      (timeout !== undefined ? ` and ${timeout >= 1000 ? ms(timeout / 1000) : us(timeout)} through setTimeout (its clamp)` : "") +
      "; slicing never makes the work faster.",
  };
}

/** Per runtime, its best fair row, named by workload and strategy as its table shows it. */
function parallelismFinding(cols: Column[]): Finding | undefined {
  const rows = bestParallel(cols);
  if (rows.length === 0) return undefined;
  const say = (p: (typeof rows)[number]) => {
    const flags = [p.view.noisy ? "noisy" : "", p.view.busy ? "busy machine" : "", p.view.warming ? "still warming" : ""].filter(Boolean).join(", ");
    return `${p.speedup.toFixed(2)}× on ${p.scenario.workload} ${p.row} (efficiency ${pct(p.efficiency)}${flags ? `, ${flags}` : ""})`;
  };
  const [first, ...rest] = rows;
  const checks = rows.filter((p) => p.machine).map((p) => `${checkRange(p.machine!)} in ${p.column}`);
  return {
    concept: "parallelism",
    text:
      `the best speed-up was ${say(first!)} in ${first!.column}${rest.length ? `; ${rest.map((p) => `${p.column}: ${say(p)}`).join("; ")}` : ""}` +
      (checks.length ? `. Independent threads spinning together gave ${checks.join(", ")} the speed of one: the ceiling.` : "."),
  };
}

/**
 * Per runtime, the smallest work per call from which workers(n)'s speed-up
 * interval lies above 1 at every larger size too, and the same for 80%
 * efficiency: decided from intervals, so the sentence never contradicts the
 * table it comes from.
 */
function breakEvenFinding(cols: Column[]): Finding | undefined {
  const rows = breakEvenFigures(cols);
  if (rows.length === 0) return undefined;
  const say = ({ column, sizes: s }: (typeof rows)[number], named: boolean) =>
    (s.beatsAtUs === undefined
      ? `${s.threads} workers beating inline was ${shownFrom(undefined, s)}`
      : `${s.threads} workers beat doing the work inline from ${taskSize(s.beatsAtUs)} of work per call`) +
    (named ? ` in ${column}` : "") +
    (s.beatsAtUs === undefined ? "" : s.efficientAtUs === undefined ? `, ${pct(EFFICIENT)} efficiency not shown` : `, ${pct(EFFICIENT)} efficiency from ${taskSize(s.efficientAtUs)}`);
  const [first, ...rest] = rows;
  return {
    concept: "break-even",
    text: `${say(first!, true)}${rest.length ? `; ${rest.map((r) => `${r.column}: ${say(r, false)}`).join("; ")}` : ""}.`,
  };
}

function oneCoreFinding(cols: Column[]): Finding | undefined {
  const f = oneCoreFigure(cols);
  if (!f) return undefined;
  const { column, line } = f;
  return {
    concept: "concurrency",
    text:
      `confined to one core, ${line.workers} workers all progressed but took ${(line.lostVsOne! * 100).toFixed(0)}% longer than one worker in ${column} ` +
      `(${line.speedupVsOne!.toFixed(2)}×), at ${line.involuntaryPerSecond.toFixed(0)} involuntary context switches per second.`,
  };
}

function multithreadingFinding(cols: Column[]): Finding | undefined {
  const f = raceFigure(cols);
  if (!f) return undefined;
  return {
    concept: "multithreading",
    text:
      `${f.threads} threads incrementing one shared counter without Atomics lost ${f.lost.toLocaleString("en")} of ${f.total.toLocaleString("en")} updates in ${f.column} (median); ` +
      `with Atomics.add ${f.lostAtomic === 0 ? "none were lost" : `${f.lostAtomic} were lost`}, at ${ratioRough(f.atomicCost)} the time.`,
  };
}

function overheadsFinding(cols: Column[]): Finding | undefined {
  const f = overheadFigure(cols);
  if (!f) return undefined;
  const startup = f.startupMs !== undefined ? `; starting a worker took ${ms(f.startupMs)}` : "";
  return { concept: "overheads", text: `a round trip to a worker took ${f.roundTripsUs.map(([label, v]) => `${us(v)} ${label}`).join(", ")} in ${f.column}${startup}.` };
}

export function findings(set: ResultSet): Finding[] {
  const cols = byColumn(set);
  return [
    asyncFinding(cols),
    concurrencyFinding(cols),
    oneCoreFinding(cols),
    parallelismFinding(cols),
    breakEvenFinding(cols),
    multithreadingFinding(cols),
    overheadsFinding(cols),
  ].filter(
    (f): f is Finding => f !== undefined,
  );
}

/** "Asynchronous processing: …": a finding as one line of prose. */
export function findingLine(f: Finding): string {
  return `${f.concept[0]!.toUpperCase()}${f.concept.slice(1)}: ${f.text}`;
}
