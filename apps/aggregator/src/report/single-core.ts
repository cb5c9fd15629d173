import type { Result } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { byColumn, type Table } from "./format/table.ts";
import { ms, perSecond, signedPct } from "./format/units.ts";

export type SingleCore = NonNullable<NonNullable<Result["experiments"]>["singleCore"]>;
export type SingleCoreHalf = SingleCore["allCores"];

export interface SingleCoreLine {
  workers: number;
  medianMs: number;
  /** Time lost against n = 1 on the same cores: (median − n=1 median) ÷ n=1 median; 0 for n = 1. */
  lostVsOne?: number;
  /** Speed-up over n = 1 on the same cores. */
  speedupVsOne?: number;
  involuntaryPerSecond: number;
  voluntaryPerSecond: number;
  /** Every call finished, each on its own worker. */
  allProgressed: boolean;
  firstDone: number;
  lastDone: number;
}

/** One half of the experiment as the report shows it: time lost and speed-up against n = 1, switches per second, progress. */
export function singleCoreSummary(half: SingleCoreHalf): SingleCoreLine[] {
  const one = half.runs.find((r) => r.workers === 1)?.summary.median;
  return half.runs.map((r) => ({
    workers: r.workers,
    medianMs: r.summary.median,
    ...(one !== undefined && one > 0 ? { lostVsOne: (r.summary.median - one) / one, speedupVsOne: one / r.summary.median } : {}),
    involuntaryPerSecond: r.switchesPerSecond.involuntary,
    voluntaryPerSecond: r.switchesPerSecond.voluntary,
    allProgressed: r.completion.done === r.completion.tasks && r.completion.workers === r.completion.tasks,
    firstDone: r.completion.firstDone,
    lastDone: r.completion.lastDone,
  }));
}

function cell(line: SingleCoreLine): string {
  const vsOne = line.workers === 1 || line.lostVsOne === undefined ? "" : ` (${signedPct(line.lostVsOne)} vs n=1, ${line.speedupVsOne!.toFixed(2)}×)`;
  const progress = line.allProgressed
    ? `all ${line.workers} done, first at ${(line.firstDone * 100).toFixed(0)}% of the run`
    : "NOT every call finished on its own worker";
  return `${ms(line.medianMs)}${vsOne} · ${progress} · switches/s ${perSecond(line.involuntaryPerSecond)} involuntary, ${perSecond(line.voluntaryPerSecond)} voluntary`;
}

export function singleCoreTable(set: ResultSet): Table | undefined {
  const cols = byColumn(set).filter(([, r]) => r.experiments?.singleCore || r.experiments?.skipped?.["singleCore/all"]);
  if (cols.length === 0) return undefined;
  const first = cols.map(([, r]) => r.experiments?.singleCore).find((s) => s);
  const workers = [...new Set(cols.flatMap(([, r]) => r.experiments?.singleCore?.allCores.runs.map((x) => x.workers) ?? []))].sort((a, b) => a - b);
  const rows: string[][] = [];
  for (const half of ["oneCore", "allCores"] as const) {
    for (const n of workers.length ? workers : [1]) {
      rows.push([
        `${half === "oneCore" ? "one core" : "all cores"} · ${n} worker${n === 1 ? "" : "s"}`,
        ...cols.map(([, r]) => {
          const s = r.experiments?.singleCore;
          const skipped = r.experiments?.skipped;
          const reason = skipped?.["singleCore/all"] ?? (half === "oneCore" ? (skipped?.["singleCore/one-core"] ?? r.experiments?.errors?.["singleCore/one-core"]) : undefined);
          if (reason) return `n/a: ${reason.replace(/^not applicable: /, "")}`;
          const h = s?.[half];
          const line = h && singleCoreSummary(h).find((x) => x.workers === n);
          if (!line) return "–";
          const facts = n === workers[0] ? ` · runtime sees ${h!.cores} core${h!.cores === 1 ? "" : "s"}${h!.source === "proc-self-status" ? ", switches of the main thread only" : ""}` : "";
          const suspect = n === 1 && h!.suspect ? ` · suspect: ${h!.suspect}` : "";
          return `${cell(line)}${facts}${suspect}`;
        }),
      ]);
    }
  }
  return {
    id: "single-core",
    title: "One core, many tasks: workers confined to one core beside the same workers on all cores",
    note:
      `The same CPU work (${first ? ms(first.workMs) : "–"} of a calibrated arithmetic kernel, calibrated once and run as the same calls in both runners) split into n calls, one per worker; "one core" runs in a second runner started under \`taskset -c 0\`, so the OS must time-slice every worker on that core. ` +
      "The two one-worker rows run the same calls on one thread, so they must agree within 10%; where they do not, the row says suspect and why. " +
      "Each cell: the median wall time (and against n = 1 on the same cores), whether every call finished and when the first did (near 100%: all progressed together, taking turns), and the OS context switches per second during the run, " +
      "involuntary (preempted when its time slice ran out) and voluntary (waiting); from process.resourceUsage() over every thread, or /proc/self/status for the main thread only where resourceUsage is missing or reports no CPU time.",
    head: ["cores · workers", ...cols.map(([c]) => c)],
    rows,
  };
}
