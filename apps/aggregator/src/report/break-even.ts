import type { Result } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { byColumn, type Table } from "./experiment-tables.ts";
import { ms } from "./format.ts";

export type BreakEven = NonNullable<NonNullable<Result["experiments"]>["breakEven"]>;
type Point = BreakEven["points"][number];

/** The efficiency at which workers count as worth their cost. */
export const EFFICIENT = 0.8;

export interface BreakEvenSizes {
  threads: number;
  /** Work per call (µs) from which workers(n) is faster than sequential at that size and every larger one. */
  beatsAtUs?: number;
  /** The same for parallel efficiency of at least 80%. */
  efficientAtUs?: number;
}

/**
 * The smallest task size from which `holds` is true at every larger size
 * too, so one lucky sample among losing sizes does not count; undefined
 * ("not reached") when it fails at the largest size or a size has no ratio.
 */
function fromSize(points: readonly Point[], threads: number, holds: (speedup: number) => boolean): number | undefined {
  const sorted = [...points].sort((a, b) => a.taskUs - b.taskUs);
  let from: number | undefined;
  for (const p of sorted) {
    const s = p.workers.find((w) => w.threads === threads)?.speedup?.value;
    if (s !== undefined && holds(s)) from ??= p.taskUs;
    else from = undefined;
  }
  return from;
}

/** Per worker count: where workers(n) first beats sequential (median speed-up above 1) and where it reaches 80% efficiency. */
export function breakEvenSizes(result: BreakEven): BreakEvenSizes[] {
  return result.threads.map((n) => {
    const beatsAtUs = fromSize(result.points, n, (s) => s > 1);
    const efficientAtUs = fromSize(result.points, n, (s) => s / n >= EFFICIENT);
    return { threads: n, ...(beatsAtUs !== undefined ? { beatsAtUs } : {}), ...(efficientAtUs !== undefined ? { efficientAtUs } : {}) };
  });
}

export const taskSize = (us: number): string => (us >= 1000 ? `${us / 1000} ms` : `${us} µs`);
const reached = (us: number | undefined) => (us === undefined ? "not reached" : taskSize(us));

export function breakEvenTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.breakEven?.points.length);
  if (cols.length === 0) return undefined;
  const sizes = [...new Set(cols.flatMap(([, r]) => r.experiments!.breakEven!.points.map((p) => p.taskUs)))].sort((a, b) => a - b);
  const sizesOf = new Map(cols.map(([c, r]) => [c, breakEvenSizes(r.experiments!.breakEven!)]));
  const summaryRow = (label: string, pick: (s: BreakEvenSizes) => number | undefined): string[] => [
    label,
    ...cols.map(([c]) => sizesOf.get(c)!.map((s) => `n=${s.threads}: ${reached(pick(s))}`).join(" · ")),
  ];
  return {
    id: "break-even",
    title: "When is a worker worth it? Speed-up of workers(n) over sequential by work per call",
    note:
      "The same batch of calls to a calibrated arithmetic kernel (xorshift, answers checked against the inline ones) run inline and through a pool of n workers, as the work per call grows from about 1 µs to 10 ms; " +
      "sequential and each workers(n) take turns within every sample round. Each size row: sequential's median for the batch, its calls and what one took inline as measured (the size is nominal, from a calibration), then workers(n)'s speed-up (median ratio, 95% CI). " +
      `"Beats sequential from" is the smallest size from which workers(n) is faster at that size and every larger one; "${EFFICIENT * 100}% efficiency from" the same for speed-up ÷ n ≥ ${EFFICIENT}.`,
    head: ["work per call", ...cols.map(([c]) => c)],
    rows: [
      summaryRow("beats sequential from", (s) => s.beatsAtUs),
      summaryRow(`${EFFICIENT * 100}% efficiency from`, (s) => s.efficientAtUs),
      ...sizes.map((us) => [
        taskSize(us),
        ...cols.map(([, r]) => {
          const p = r.experiments!.breakEven!.points.find((x) => x.taskUs === us);
          if (!p) return "–";
          const ratios = p.workers.map((w) =>
            w.speedup ? `n=${w.threads} ${w.speedup.value.toFixed(2)}× (${w.speedup.low.toFixed(2)}–${w.speedup.high.toFixed(2)})` : `n=${w.threads} –`,
          );
          const each = (p.sequential.median * 1000) / p.tasks;
          return [`seq ${ms(p.sequential.median)} / ${p.tasks} calls (${each >= 10 ? each.toFixed(0) : each.toFixed(1)} µs each)`, ...ratios].join(" · ");
        }),
      ]),
    ],
  };
}
