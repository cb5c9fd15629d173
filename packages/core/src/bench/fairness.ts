import type { StrategyName } from "../schema/plan.ts";
import type { Scenario } from "../schema/result.ts";
import { strategyLabel, strategyOf } from "../strategies/index.ts";
import { workloadKind } from "../workloads/catalogue.ts";
import type { Workload } from "../workloads/types.ts";

/** A row's ratio to `sequential` that a fair comparison allows for work that runs on one thread either way. */
export const FAIR_BAND = { low: 0.9, high: 1.1 } as const;

export interface RowFacts {
  kind: Workload["kind"];
  strategy: StrategyName;
  threads: number;
  variant?: string;
  /** This row's speed-up against the same run's `sequential` (sequential median ÷ this median). */
  speedup?: number;
}

/**
 * The self-check on baselines. For CPU work, `workers(1)` and `interleaved`
 * run the same kernels on one thread as `sequential` does, so neither can be
 * much faster, and neither should be much slower: a ratio outside
 * [0.9, 1.1] measures a JIT state or the scheduler, not the strategy.
 * Returns why the row is suspect, or undefined when it is fair (or the
 * check does not apply).
 */
export function suspectReason(row: RowFacts, cores = Number.POSITIVE_INFINITY): string | undefined {
  if (row.kind !== "cpu" || row.speedup === undefined || !Number.isFinite(row.speedup)) return undefined;
  const oneThreadCost = strategyOf(row.strategy).oneThreadCost(row);
  // n threads on c cores cannot beat min(n, c): beyond it (and the 10% allowance) the baseline was slow.
  const ceiling = Math.min(row.threads, cores);
  if (parallel(row) && oneThreadCost === undefined && row.speedup > ceiling * FAIR_BAND.high) {
    return `${strategyLabel(row)} ran ${row.speedup.toFixed(2)}× as fast as sequential, more than ${ceiling} thread(s) on ${Number.isFinite(cores) ? cores : "these"} core(s) can give: the sequential baseline was slow (JIT or GC state), not the strategy this fast`;
  }
  if (oneThreadCost === undefined) return undefined;
  const s = row.speedup;
  if (s >= FAIR_BAND.low && s <= FAIR_BAND.high) return undefined;
  const name = strategyLabel(row);
  if (s > FAIR_BAND.high) {
    return `${name} ran ${s.toFixed(2)}× as fast as sequential, though it does the same work on one thread: the gap is JIT state or scheduling, not the strategy`;
  }
  return `${name} took ${(1 / s).toFixed(2)}× as long as sequential for the same work on one thread (more than the 10% a fair comparison allows): ${oneThreadCost}`;
}

/** Threads or processes: n of them can use n cores, so the ceiling and the derived figures apply. */
function parallel(row: RowFacts): boolean {
  return strategyOf(row.strategy).runsOn !== "caller";
}

/** A row that does the baseline's work on one thread (`workers(1)`, `interleaved`): the self-check holds it to FAIR_BAND. */
function oneThread(row: RowFacts): boolean {
  return strategyOf(row.strategy).oneThreadCost(row) !== undefined;
}

/**
 * Which derived figures mean something for a row. Efficiency needs work
 * that can be split (not the `noop` overhead probe) and more than one
 * thread's worth of strategy; Karp–Flatt's serial fraction also needs a
 * real speed-up (below 1 it only restates the overhead) on no more threads
 * than cores (past them the threads are not processors), and a fair row.
 */
export function derivedFigures(row: RowFacts, cores: number): { efficiency: boolean; karpFlatt: boolean } {
  const efficiency = row.kind === "cpu" && parallel(row) && suspectReason(row, cores) === undefined;
  const karpFlatt = efficiency && row.threads > 1 && row.threads <= cores && (row.speedup ?? 0) >= 1;
  return { efficiency, karpFlatt };
}

/** What the fairness rules need to know of a scenario: its workload's kind, its strategy and count, and its ratio to sequential. */
export function rowFacts(s: Scenario): RowFacts {
  return {
    kind: workloadKind(s.workload),
    strategy: s.strategy,
    threads: s.threads,
    ...(s.variant ? { variant: s.variant } : {}),
    ...(s.scaling ? { speedup: s.scaling.speedup.value } : {}),
  };
}

/**
 * Sets `suspect` on every scenario of one run that fails the self-check
 * (keeping a reason already there), and on every row of a workload whose
 * baseline failed it: when all of its one-thread rows (`workers(1)`,
 * `interleaved`) ran more than 10% faster than `sequential`, the baseline
 * itself was slow and no ratio of that workload measures a strategy.
 */
export function markSuspects(scenarios: Scenario[], cores: number): void {
  for (const s of scenarios) {
    if (s.suspect || s.status !== "ok" || !s.scaling) continue;
    const reason = suspectReason(rowFacts(s), cores);
    if (reason) s.suspect = reason;
  }
  for (const workload of new Set(scenarios.map((s) => s.workload))) {
    const rows = scenarios.filter((s) => s.workload === workload && s.status === "ok" && s.scaling);
    const single = rows.filter((s) => oneThread(rowFacts(s)));
    if (workloadKind(workload) !== "cpu" || single.length < 2 || !single.every((s) => s.scaling!.speedup.value > FAIR_BAND.high)) continue;
    const names = single.map((s) => strategyLabel(rowFacts(s))).join(" and ");
    const reason = `the sequential baseline ran slow: ${names} did the same work on one thread more than 10% faster, so no ratio of this workload measures a strategy`;
    for (const s of rows) s.suspect ??= reason;
  }
}
