import { runtimeRank, strategyLabel, strategyOf, type Result, type Scenario } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { machineFigures, type MachineFigures } from "../report/machine-figures.ts";
import { UsageError } from "../usage-error.ts";

/** What a row's move between two runs amounts to: nothing the runs can tell from noise, or a change one way. */
export type Verdict = "no change" | "faster" | "slower";

/** A figure with its 95% interval. */
export interface Measured {
  value: number;
  low: number;
  high: number;
}

export interface ScenarioChange {
  runtime: string;
  workload: string;
  /** "sequential", "workers(2)", … */
  row: string;
  /**
   * What is compared: a row's speed-up over the baseline of its own run
   * (measured in pairs, so a machine that drifts between the runs moves
   * neither), or, for the baseline and rows without one, its time (ms),
   * which moves with the machine.
   */
  measure: "speed-up" | "time";
  before: Measured;
  after: Measured;
  /** after ÷ before − 1: for a time, −0.10 is 10% faster; for a speed-up, +0.10 is 10% faster. NaN (null in JSON) when before is 0 and after is not. */
  change: number;
  /**
   * `faster` or `slower` only where the two intervals do not overlap and
   * the move is larger than the noise threshold; `no change` otherwise: a
   * move within either is not one the runs can tell from noise.
   */
  verdict: Verdict;
  /** Either run found the machine busy beside this row (see the machine checks): its move may be the host's, not the code's. */
  busy?: true;
}

export interface Comparison {
  /** The noise threshold (%): a move smaller than this is no change, whatever the intervals say. */
  thresholdPct: number;
  rows: ScenarioChange[];
  /** Per runtime, what the machine itself gave each run (null: that run has no checks). */
  machine: Array<{ runtime: string; before: MachineFigures | null; after: MachineFigures | null }>;
  /** Scenarios measured in only one of the two folders (a different plan, or a failure), as "runtime workload row". */
  unmatched: string[];
}

const key = (s: Scenario) => `${s.workload}\u0000${s.strategy}\u0000${s.variant ?? ""}\u0000${s.threads}\u0000${s.size}`;

function byRuntime(set: ResultSet): Map<string, Result> {
  const out = new Map<string, Result>();
  for (const r of set.results) {
    if (out.has(r.runtime.name)) throw new UsageError(`${set.dir} holds two ${r.runtime.name} results (a merged folder?): compare takes one per runtime`);
    out.set(r.runtime.name, r);
  }
  return out;
}

/** The figure a row is compared by: its paired speed-up where it has one (not the baseline), else its median time. */
function figureOf(s: Scenario): { measure: ScenarioChange["measure"]; figure: Measured } {
  if (s.scaling && !strategyOf(s.strategy).baseline) return { measure: "speed-up", figure: s.scaling.speedup };
  return { measure: "time", figure: { value: s.summary!.median, low: s.summary!.ci.low, high: s.summary!.ci.high } };
}

/** A change only where the intervals do not overlap and the move passes the threshold (after criterion's noise threshold). */
function verdictOf(measure: ScenarioChange["measure"], before: Measured, after: Measured, change: number, threshold: number): Verdict {
  const overlap = before.low <= after.high && after.low <= before.high;
  if (overlap || !(Math.abs(change) > threshold || Number.isNaN(change))) return "no change";
  const higher = after.value > before.value;
  return measure === "speed-up" ? (higher ? "faster" : "slower") : higher ? "slower" : "faster";
}

/** A figure of 0 (a run shorter than the clock's step) has no ratio to another one. */
function changeOf(before: number, after: number): number {
  if (before > 0) return after / before - 1;
  return after === before ? 0 : Number.NaN;
}

/**
 * Matches the scenarios of two result folders (same runtime, workload,
 * strategy, threads and size) and says how each moved: a row's speed-up over
 * its own run's baseline where it has one, the baseline's time otherwise. A
 * second run of the same plan tells how repeatable this machine's figures
 * are, a run after a change what the change did.
 */
export function compareResults(before: ResultSet, after: ResultSet, thresholdPct = 5): Comparison {
  if (!(thresholdPct > 0)) throw new UsageError(`--threshold must be a positive percentage, got ${thresholdPct}`);
  const a = byRuntime(before);
  const b = byRuntime(after);
  const rows: ScenarioChange[] = [];
  const unmatched: string[] = [];
  const runtimes = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => runtimeRank(x) - runtimeRank(y));
  for (const runtime of runtimes) {
    const ra = a.get(runtime);
    const rb = b.get(runtime);
    const measured = (r: Result | undefined) => new Map((r?.scenarios ?? []).filter((s) => s.status === "ok" && s.summary).map((s) => [key(s), s]));
    const sa = measured(ra);
    const sb = measured(rb);
    for (const [k, s] of sa) {
      const t = sb.get(k);
      if (!t) {
        unmatched.push(`${runtime} ${s.workload} ${strategyLabel(s)}`);
        continue;
      }
      const x = figureOf(s);
      const y = figureOf(t);
      // Both runs must give the same kind of figure: a speed-up in one and a time in the other do not compare.
      const [measure, before, after] = x.measure === y.measure ? [x.measure, x.figure, y.figure] : ["time" as const, figureOf({ ...s, scaling: undefined }).figure, figureOf({ ...t, scaling: undefined }).figure];
      const change = changeOf(before.value, after.value);
      const busy = s.busy !== undefined || t.busy !== undefined;
      rows.push({
        runtime,
        workload: s.workload,
        row: strategyLabel(s),
        measure,
        before,
        after,
        change,
        verdict: verdictOf(measure, before, after, change, thresholdPct / 100),
        ...(busy ? { busy: true as const } : {}),
      });
    }
    for (const [k, t] of sb) if (!sa.has(k)) unmatched.push(`${runtime} ${t.workload} ${strategyLabel(t)}`);
  }
  if (rows.length === 0) throw new UsageError(`no scenario was measured in both ${before.dir} and ${after.dir}: compare needs two runs of overlapping plans`);
  const machine = runtimes.flatMap((runtime) => {
    const x = machineFigures(a.get(runtime)?.machineChecks);
    const y = machineFigures(b.get(runtime)?.machineChecks);
    return x || y ? [{ runtime, before: x ?? null, after: y ?? null }] : [];
  });
  return { thresholdPct, rows, machine, unmatched };
}

/** How many rows have each verdict. */
export function tally(c: Comparison): Record<Verdict, number> {
  const out: Record<Verdict, number> = { "no change": 0, faster: 0, slower: 0 };
  for (const r of c.rows) out[r.verdict]++;
  return out;
}

/** Rows whose figure moved by no more than the threshold, and of those the speed-ups alone: how repeatable two runs of one plan are. */
export function withinThreshold(c: Comparison, measure?: ScenarioChange["measure"]): { within: number; of: number } {
  const rows = c.rows.filter((r) => measure === undefined || r.measure === measure);
  return { within: rows.filter((r) => Math.abs(r.change) <= c.thresholdPct / 100).length, of: rows.length };
}
