import { STRATEGIES, WORKLOAD_NAMES, getWorkload, type Result, type Scenario } from "@threadlab/core";
import type { ResultSet } from "../results/read-results.ts";

export interface Row {
  strategy: Scenario["strategy"];
  threads: number;
  /** Scenario per runtime name; missing where that runtime did not run it. */
  cells: Map<string, Scenario>;
}

export interface WorkloadTable {
  workload: string;
  title: string;
  description: string;
  sizes: number[];
  rows: Row[];
}

/** Runtimes in the order the registry lists them, then any others by name. */
const ORDER = ["node", "deno", "bun", "chromium"];
export function runtimeOrder(results: Result[]): string[] {
  return [...new Set(results.map((r) => r.runtime.name))].sort(
    (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
}

/** One table per workload: rows are strategy × threads, columns are runtimes. */
export function collate(set: ResultSet): WorkloadTable[] {
  const byWorkload = new Map<string, Map<string, Row>>();
  const sizes = new Map<string, Set<number>>();
  for (const result of set.results) {
    for (const s of result.scenarios) {
      const rows = byWorkload.get(s.workload) ?? new Map<string, Row>();
      byWorkload.set(s.workload, rows);
      const key = `${s.strategy}/${s.threads}`;
      const row = rows.get(key) ?? { strategy: s.strategy, threads: s.threads, cells: new Map() };
      rows.set(key, row);
      row.cells.set(result.runtime.name, s);
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
          (a, b) => STRATEGIES.indexOf(a.strategy) - STRATEGIES.indexOf(b.strategy) || a.threads - b.threads,
        ),
      };
    });
}

export function strategyLabel(row: Pick<Row, "strategy" | "threads">): string {
  return row.strategy === "sequential" ? "sequential" : `${row.strategy}(${row.threads})`;
}
