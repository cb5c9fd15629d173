import { STRATEGIES, WORKLOAD_NAMES, getWorkload, runtimeRank, type Result, type Scenario } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";

export interface Row {
  strategy: Scenario["strategy"];
  variant?: string;
  threads: number;
  /** Scenario per column (see `columns`); missing where that runtime did not run it. */
  cells: Map<string, Scenario>;
}

export interface WorkloadTable {
  workload: string;
  title: string;
  description: string;
  sizes: number[];
  rows: Row[];
}

/** The machine a result came from, as a short label. */
export function machineTag(r: Result): string {
  return r.machine.name ?? `${r.machine.cpuModel} ×${r.machine.cores}`;
}

/**
 * A column per result: the runtime's name, or "runtime @ machine" when the
 * set holds results from more than one machine (after `threadlab merge`).
 */
export function columnKey(r: Result, set: { results: Result[] }): string {
  const machines = new Set(set.results.map(machineTag));
  return machines.size > 1 ? `${r.runtime.name} @ ${machineTag(r)}` : r.runtime.name;
}

export function columns(set: { results: Result[] }): string[] {
  const sorted = [...set.results].sort(
    (a, b) =>
      machineTag(a).localeCompare(machineTag(b)) ||
      runtimeRank(a.runtime.name) - runtimeRank(b.runtime.name),
  );
  return [...new Set(sorted.map((r) => columnKey(r, set)))];
}

/** Each column's core count, for the figures that depend on it (Karp–Flatt past the cores means nothing). */
export function columnCores(set: { results: Result[] }): Map<string, number> {
  return new Map(set.results.map((r) => [columnKey(r, set), r.machine.cores]));
}

/** One table per workload: rows are strategy × threads, columns are runtimes. */
export function collate(set: ResultSet): WorkloadTable[] {
  const byWorkload = new Map<string, Map<string, Row>>();
  const sizes = new Map<string, Set<number>>();
  for (const result of set.results) {
    for (const s of result.scenarios) {
      const rows = byWorkload.get(s.workload) ?? new Map<string, Row>();
      byWorkload.set(s.workload, rows);
      const key = `${s.strategy}/${s.variant ?? ""}/${s.threads}`;
      const row: Row = rows.get(key) ?? { strategy: s.strategy, ...(s.variant ? { variant: s.variant } : {}), threads: s.threads, cells: new Map() };
      rows.set(key, row);
      row.cells.set(columnKey(result, set), s);
      (sizes.get(s.workload) ?? sizes.set(s.workload, new Set()).get(s.workload)!).add(s.size);
    }
  }
  const rank = (name: string) => (WORKLOAD_NAMES.indexOf(name) + 1 || 99);
  return [...byWorkload.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([workload, rows]) => {
      const known = WORKLOAD_NAMES.includes(workload) ? getWorkload(workload) : undefined;
      return {
        workload,
        title: known?.title ?? workload,
        description: known?.description ?? "",
        sizes: [...(sizes.get(workload) ?? [])].sort((a, b) => a - b),
        rows: [...rows.values()].sort(
          (a, b) =>
            STRATEGIES.indexOf(a.strategy) - STRATEGIES.indexOf(b.strategy) ||
            (a.variant ?? "").localeCompare(b.variant ?? "") ||
            a.threads - b.threads,
        ),
      };
    });
}

/** Each strategy labels its own rows ("workers(2)"); the renderers take the label from here. */
export { strategyLabel } from "@threadlab/core";
