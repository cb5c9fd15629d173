import { CALLS_PER_WORKER, type Result } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { byColumn, type Table } from "./format/table.ts";
import { ms, taskSize } from "./format/units.ts";

export type BreakEven = NonNullable<NonNullable<Result["experiments"]>["breakEven"]>;
type Point = BreakEven["points"][number];

/** The efficiency at which workers count as worth their cost. */
export const EFFICIENT = 0.8;

type Ratio = { value: number; low: number; high: number };

export interface BreakEvenSizes {
  threads: number;
  /** Work per call (µs) from which workers(n)'s speed-up interval lies above 1, at that size and every larger one; never for n = 1. */
  beatsAtUs?: number;
  /** The same for parallel efficiency: the interval's low end ÷ n at least 80%. */
  efficientAtUs?: number;
  /** The largest size measured and workers(n)'s interval there: what "not shown at the sizes measured" quotes. */
  largest?: { taskUs: number; speedup: Ratio };
}

const ratioAt = (p: Point, threads: number): Ratio | undefined => p.workers.find((w) => w.threads === threads)?.speedup;

/**
 * The smallest task size from which `holds` is true of workers(n)'s ratio
 * interval at that size and at every larger one, so one lucky size among
 * losing ones never counts; undefined ("not shown at the sizes measured")
 * when it fails at the largest size or a size has no ratio.
 */
function fromSize(points: readonly Point[], threads: number, holds: (r: Ratio) => boolean): number | undefined {
  const sorted = [...points].sort((a, b) => a.taskUs - b.taskUs);
  let from: number | undefined;
  for (const p of sorted) {
    const r = ratioAt(p, threads);
    if (r !== undefined && holds(r)) from ??= p.taskUs;
    else from = undefined;
  }
  return from;
}

/** Beats sequential: the whole 95% interval of the paired speed-up lies above 1. */
export const beats = (r: Ratio): boolean => r.low > 1;
/** Efficient: even the interval's low end, per worker, is at least 80%. */
export const efficientFor = (threads: number) => (r: Ratio): boolean => r.low / threads >= EFFICIENT;

/**
 * Per worker count, decided from intervals, never from one median: where
 * workers(n) first beats sequential for good, and where it first reaches
 * 80% efficiency. One worker does the inline work plus the trip, so it is
 * never said to beat it (its row reports the cost per call instead).
 */
export function breakEvenSizes(result: BreakEven): BreakEvenSizes[] {
  const largest = [...result.points].sort((a, b) => b.taskUs - a.taskUs)[0];
  return result.threads.map((n) => {
    const beatsAtUs = n > 1 ? fromSize(result.points, n, beats) : undefined;
    const efficientAtUs = n > 1 ? fromSize(result.points, n, efficientFor(n)) : undefined;
    const at = largest && ratioAt(largest, n);
    return {
      threads: n,
      ...(beatsAtUs !== undefined ? { beatsAtUs } : {}),
      ...(efficientAtUs !== undefined ? { efficientAtUs } : {}),
      ...(at ? { largest: { taskUs: largest!.taskUs, speedup: at } } : {}),
    };
  });
}

/**
 * Where a claimed break-even size disagrees with the points it came from:
 * a size at or beyond it whose interval does not lie above 1, or a smaller
 * size from which the claim would already hold. Empty when the claim agrees
 * (a claim of undefined agrees when no size qualifies). For tests, and for
 * anything else that prints a break-even size.
 */
export function breakEvenContradictions(result: BreakEven, threads: number, claimedUs: number | undefined): string[] {
  const sorted = [...result.points].sort((a, b) => a.taskUs - b.taskUs);
  const out: string[] = [];
  const label = (r: Ratio | undefined) => (r ? `${r.value.toFixed(2)}× (${r.low.toFixed(2)}–${r.high.toFixed(2)})` : "no ratio");
  if (claimedUs !== undefined) {
    for (const p of sorted.filter((q) => q.taskUs >= claimedUs)) {
      const r = ratioAt(p, threads);
      if (!r || !beats(r)) out.push(`workers(${threads}) at ${taskSize(p.taskUs)}: ${label(r)}, not above 1, at or beyond the claimed ${taskSize(claimedUs)}`);
    }
  }
  const actual = threads > 1 ? fromSize(result.points, threads, beats) : undefined;
  if (actual !== claimedUs) out.push(`workers(${threads}): the points say ${actual === undefined ? "not shown" : taskSize(actual)}, the claim ${claimedUs === undefined ? "not shown" : taskSize(claimedUs)}`);
  return out;
}

const range = (r: Ratio) => `${r.value.toFixed(2)}× (${r.low.toFixed(2)}–${r.high.toFixed(2)})`;
const usRange = (r: Ratio) => `${r.value >= 0 ? "+" : "−"}${Math.abs(r.value).toFixed(1)} µs a call (${r.low.toFixed(1)} to ${r.high.toFixed(1)})`;

/** "100 µs", or "not shown at the sizes measured (at 3 ms: 0.97× (0.86–1.94))". */
export function shownFrom(us: number | undefined, s: BreakEvenSizes): string {
  if (us !== undefined) return taskSize(us);
  return `not shown at the sizes measured${s.largest ? ` (at ${taskSize(s.largest.taskUs)}: ${range(s.largest.speedup)})` : ""}`;
}

/** What a call through one worker costs on top of running it inline, at the smallest size (where the call is least): from the rounds' pairs. */
export function oneWorkerCost(result: BreakEven): Ratio | undefined {
  const smallest = [...result.points].sort((a, b) => a.taskUs - b.taskUs)[0];
  return smallest?.workers.find((w) => w.threads === 1)?.overheadUs;
}

export function breakEvenTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.breakEven?.points.length);
  if (cols.length === 0) return undefined;
  const sizes = [...new Set(cols.flatMap(([, r]) => r.experiments!.breakEven!.points.map((p) => p.taskUs)))].sort((a, b) => a - b);
  const sizesOf = new Map(cols.map(([c, r]) => [c, breakEvenSizes(r.experiments!.breakEven!).filter((x) => x.threads > 1)]));
  const summaryRow = (label: string, pick: (s: BreakEvenSizes) => number | undefined): string[] => [
    label,
    ...cols.map(([c]) => sizesOf.get(c)!.map((s) => `n=${s.threads}: ${shownFrom(pick(s), s)}`).join(" · ") || "–"),
  ];
  return {
    id: "break-even",
    title: "When is a worker worth it? Speed-up of workers(n) over sequential by work per call",
    note:
      "The same batch of calls to a calibrated arithmetic kernel (xorshift, answers checked against the inline ones) run inline and through a pool of n workers, as the work per call grows; " +
      `every worker takes at least ${CALLS_PER_WORKER} calls a run. Sequential and each workers(n) take turns in every round, in random order, and each speed-up is the median of the rounds' paired ratios with its 95% interval. ` +
      "Each size row: sequential's median for the batch, its calls and what one took inline as measured (the size is nominal, from a calibration), then workers(n)'s speed-up; one worker cannot beat inline, so its row gives what a call through it costs on top. " +
      `"Beats sequential from" is the smallest size from which workers(n)'s whole interval lies above 1, at that size and every larger one; "${EFFICIENT * 100}% efficiency from" the same for the interval's low end ÷ n ≥ ${EFFICIENT}.`,
    head: ["work per call", ...cols.map(([c]) => c)],
    rows: [
      summaryRow("beats sequential from", (s) => s.beatsAtUs),
      summaryRow(`${EFFICIENT * 100}% efficiency from`, (s) => s.efficientAtUs),
      ["one worker's cost a call", ...cols.map(([, r]) => {
        const cost = oneWorkerCost(r.experiments!.breakEven!);
        return cost ? usRange(cost) : "–";
      })],
      ...sizes.map((us) => [
        taskSize(us),
        ...cols.map(([, r]) => {
          const p = r.experiments!.breakEven!.points.find((x) => x.taskUs === us);
          if (!p) return "–";
          const ratios = p.workers.map((w) =>
            w.threads === 1 && w.overheadUs ? `n=1 ${usRange(w.overheadUs)}` : w.speedup ? `n=${w.threads} ${range(w.speedup)}` : `n=${w.threads} –`,
          );
          const each = (p.sequential.median * 1000) / p.tasks;
          const rounds = p.rounds ? `, ${p.rounds} rounds` : "";
          return [`seq ${ms(p.sequential.median)} / ${p.tasks} calls (${each >= 10 ? each.toFixed(0) : each.toFixed(1)} µs each${rounds})`, ...ratios].join(" · ");
        }),
      ]),
    ],
  };
}
