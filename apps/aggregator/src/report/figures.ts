import { BASELINE_STRATEGY, strategyFor, strategyLabel, strategyOf, workloadKind, type Result, type Scenario } from "@threadlab/core";
import { breakEvenSizes, type BreakEvenSizes } from "./break-even.ts";
import type { Column } from "./format/table.ts";
import { machineFigures, type MachineFigures } from "./machine-figures.ts";
import { viewScenario, type ScenarioView } from "./scenario-view.ts";
import { singleCoreSummary, type SingleCoreLine } from "./single-core.ts";

/**
 * The figures the report's opening quotes, per runtime, taken from the same
 * results and rules as the tables they summarize: the findings and the
 * verdict are sentences around these, never figures of their own.
 */

/** Awaiting K waits together against one by one: the overlap, and CPU work awaited together. */
export interface AsyncFigure {
  column: string;
  /** What was awaited: "12 loopback HTTP requests (10 ms each)" or timers. */
  what: string;
  overlap: number;
  cpu?: number;
}

export function asyncFigures(cols: readonly Column[]): AsyncFigure[] {
  return cols.flatMap(([column, r]) => {
    const a = r.experiments?.async;
    if (!a) return [];
    const median = (source: string, mode: string) => a.runs.find((run) => run.source === source && run.mode === mode)?.summary.median;
    const http = a.runs.some((run) => run.source === "http");
    const source = http ? "http" : "timer";
    const seq = median(source, "sequential");
    const all = median(source, "all");
    if (seq === undefined || all === undefined || all <= 0) return [];
    const cpuSeq = median("cpu", "sequential");
    const cpuAll = median("cpu", "all");
    const what = http ? `${a.k} loopback HTTP requests (${a.delayMs} ms each)` : `${a.k} timers of ${a.delayMs} ms`;
    return [{ column, what, overlap: seq / all, ...(cpuSeq !== undefined && cpuAll ? { cpu: cpuSeq / cpuAll } : {}) }];
  });
}

/**
 * The cost of one yield on one thread (µs): interleaved minus sequential,
 * over the yields it made, on `noop`, where the switch is all there is to
 * time (a CPU workload's few switches drown in its run's noise).
 */
export interface SwitchFigure {
  column: string;
  messageChannelUs: number;
  setTimeoutUs?: number;
}

export function switchFigures(cols: readonly Column[]): SwitchFigure[] {
  const perSwitch = (r: Result, variant: string) => {
    const seq = r.scenarios.find((q) => q.workload === "noop" && q.strategy === BASELINE_STRATEGY && q.status === "ok" && q.summary);
    const s = r.scenarios.find((q) => q.workload === "noop" && q.strategy === strategyFor("slices") && q.variant === variant && q.status === "ok" && q.summary && q.switches);
    if (!seq || !s) return undefined;
    const cost = ((s.summary!.median - seq.summary!.median) * 1000) / s.switches!;
    return cost > 0 ? cost : undefined;
  };
  return cols.flatMap(([column, r]) => {
    const channel = perSwitch(r, "messageChannel");
    if (channel === undefined) return [];
    const timeout = perSwitch(r, "setTimeout");
    return [{ column, messageChannelUs: channel, ...(timeout !== undefined ? { setTimeoutUs: timeout } : {}) }];
  });
}

/** One runtime's best fair parallel row: the table cell it comes from, named by its strategy. */
export interface ParallelFigure {
  column: string;
  scenario: Scenario;
  view: ScenarioView;
  /** "workers(2)", "shared(2)". */
  row: string;
  speedup: number;
  efficiency: number;
  /** What the machine checks gave beside this workload's rows. */
  machine?: MachineFigures;
}

/** Rows whose figure speaks of more than the strategy (a busy host, a JIT still warming) come after clear ones. */
const doubt = (view: ScenarioView) => (view.busy || view.warming ? 1 : 0);

/**
 * The best fair speed-up per runtime among CPU workloads on 2 to `cores`
 * threads (suspect rows never count; a clear row beats one on a busy
 * machine or still warming; a noisy one still counts, and says so).
 */
export function bestParallel(cols: readonly Column[]): ParallelFigure[] {
  return cols.flatMap(([column, r]) => {
    const best = r.scenarios
      .filter((s) => strategyOf(s.strategy).runsOn === "threads" && workloadKind(s.workload) === "cpu" && s.threads >= 2 && s.threads <= r.machine.cores)
      .map((s) => ({ s, view: viewScenario(s, r.machine.cores) }))
      .filter(({ view }) => view.speedup !== undefined && view.efficiency !== undefined)
      .sort((a, b) => doubt(a.view) - doubt(b.view) || b.view.speedup! - a.view.speedup!)[0];
    if (!best) return [];
    const machine = machineFigures(r.machineChecks?.filter((c) => c.workloads.includes(best.s.workload)));
    return [{ column, scenario: best.s, view: best.view, row: strategyLabel(best.s), speedup: best.view.speedup!, efficiency: best.view.efficiency!, ...(machine ? { machine } : {}) }];
  });
}

/** Per runtime, break-even at the widest worker count within the cores (past them the question is oversubscription). */
export function breakEvenFigures(cols: readonly Column[]): Array<{ column: string; sizes: BreakEvenSizes }> {
  return cols.flatMap(([column, r]) => {
    const b = r.experiments?.breakEven;
    if (!b || b.points.length === 0) return [];
    const widest = breakEvenSizes(b)
      .filter((s) => s.threads <= r.machine.cores && s.threads > 1)
      .sort((a, z) => z.threads - a.threads)[0];
    return widest ? [{ column, sizes: widest }] : [];
  });
}

/** The first runtime whose one-core half ran cleanly: its widest row, every call having progressed. */
export function oneCoreFigure(cols: readonly Column[]): { column: string; line: SingleCoreLine } | undefined {
  for (const [column, r] of cols) {
    const half = r.experiments?.singleCore?.oneCore;
    // Its one-worker row disagrees with the unconfined one: the times measure the cores' speeds, not sharing one.
    if (!half || half.suspect) continue;
    const widest = singleCoreSummary(half).sort((a, z) => z.workers - a.workers)[0];
    if (!widest || widest.workers < 2 || widest.lostVsOne === undefined || !widest.allProgressed) continue;
    return { column, line: widest };
  }
  return undefined;
}

/** Lost updates without Atomics (median), with them (worst), and what Atomics cost, from the first runtime that raced. */
export function raceFigure(cols: readonly Column[]): { column: string; threads: number; lost: number; total: number; lostAtomic: number; atomicCost: number } | undefined {
  for (const [column, r] of cols) {
    const race = r.experiments?.race;
    const plain = race?.runs.find((run) => run.mode === "plain");
    const atomic = race?.runs.find((run) => run.mode === "atomic");
    if (!race || !plain || !atomic) continue;
    return {
      column,
      threads: race.threads,
      lost: [...plain.lost].sort((a, b) => a - b)[plain.lost.length >> 1]!,
      total: race.threads * race.incrementsPerThread,
      lostAtomic: Math.max(0, ...atomic.lost),
      atomicCost: atomic.summary.median / plain.summary.median,
    };
  }
  return undefined;
}

/** Round trips to a worker by transport (µs) and a worker's start-up (ms), from the first runtime that measured them. */
export const ROUND_TRIPS: ReadonlyArray<[key: string, label: string]> = [
  ["postMessage", "by postMessage"],
  ["comlink", "through comlink"],
  ["pool", "through threadlab's pool"],
  ["atomicsSpin", "spinning on shared memory"],
];

export function overheadFigure(cols: readonly Column[]): { column: string; roundTripsUs: Array<[label: string, us: number]>; startupMs?: number } | undefined {
  for (const [column, r] of cols) {
    const o = r.experiments?.overheads;
    if (!o) continue;
    const roundTripsUs = ROUND_TRIPS.flatMap(([key, label]): Array<[string, number]> => (o.roundTripUs[key] ? [[label, o.roundTripUs[key]!.median]] : []));
    if (roundTripsUs.length === 0) continue;
    return { column, roundTripsUs, ...(o.workerStartupMs ? { startupMs: o.workerStartupMs.median } : {}) };
  }
  return undefined;
}
