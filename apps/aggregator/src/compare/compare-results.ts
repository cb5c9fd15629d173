import { runtimeRank, strategyLabel, type Result, type Scenario } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";
import { machineFigures, type MachineFigures } from "../report/machine-figures.ts";
import { UsageError } from "../usage-error.ts";

/** What a scenario's change between two runs amounts to. */
export type Verdict = "same" | "noise" | "faster" | "slower";

export interface ScenarioChange {
  runtime: string;
  workload: string;
  /** "sequential", "workers(2)", … */
  row: string;
  beforeMs: number;
  afterMs: number;
  /** after ÷ before − 1: −0.10 is 10% faster. NaN (null in JSON) when the before median is 0 and the after one is not: no ratio to give. */
  change: number;
  /**
   * `same` within the threshold; past it, `noise` while the two 95% intervals
   * still overlap (the runs cannot tell the medians apart), `faster` or
   * `slower` once they do not.
   */
  verdict: Verdict;
  /** Either run found the machine busy beside this row (see the machine checks): its move may be the host's, not the code's. */
  busy?: true;
}

export interface Comparison {
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

function verdictOf(before: Scenario, after: Scenario, change: number, threshold: number): Verdict {
  if (Math.abs(change) <= threshold) return "same";
  const a = before.summary!.ci;
  const b = after.summary!.ci;
  if (a.low <= b.high && b.low <= a.high) return "noise";
  return after.summary!.median < before.summary!.median ? "faster" : "slower";
}

/** A median of 0 (a run shorter than the clock's step) has no ratio to another one. */
function changeOf(beforeMs: number, afterMs: number): number {
  if (beforeMs > 0) return afterMs / beforeMs - 1;
  return afterMs === beforeMs ? 0 : Number.NaN;
}

/**
 * Matches the scenarios of two result folders (same runtime, workload,
 * strategy, threads and size) and says how each median moved: a second run
 * of the same plan tells how repeatable this machine's figures are, a run
 * after a change tells what the change did.
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
      const change = changeOf(s.summary!.median, t.summary!.median);
      const busy = s.busy !== undefined || t.busy !== undefined;
      rows.push({
        runtime,
        workload: s.workload,
        row: strategyLabel(s),
        beforeMs: s.summary!.median,
        afterMs: t.summary!.median,
        change,
        verdict: verdictOf(s, t, change, thresholdPct / 100),
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
  const out: Record<Verdict, number> = { same: 0, noise: 0, faster: 0, slower: 0 };
  for (const r of c.rows) out[r.verdict]++;
  return out;
}
