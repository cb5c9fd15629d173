import { strategyFor, strategyLabel, workloadKind, type Scenario } from "@threadlab/core";
import type { ScenarioView } from "./scenario-view.ts";
import type { ViewedTable } from "./model.ts";

/** One runtime's figure for one workload: the thread pool's row at n = that runtime's cores. */
export interface OverviewCell {
  /** "workers(2)": the row the figure comes from, so every figure names its strategy. */
  row: string;
  threads: number;
  status: Scenario["status"];
  scenario: Scenario;
  /** The speed-up and its interval, where the row is fair (never for a suspect row). */
  speedup?: { value: number; low: number; high: number };
  efficiency?: number;
  view?: ScenarioView;
}

export interface Overview {
  columns: string[];
  /** CPU workloads in report order; a cell is missing where that runtime has no such row. */
  rows: Array<{ workload: string; cells: Map<string, OverviewCell> }>;
}

/**
 * The runtime × workload overview: for each CPU workload, the thread pool's
 * speed-up over sequential at n = the runtime's cores (or the widest count
 * below them the plan ran), with its efficiency and the row's flags. One
 * table for "which runtime, which workload, is it worth it": the terminal,
 * report.md and report.html all draw it from here.
 */
export function buildOverview(tables: readonly ViewedTable[], columns: readonly string[], coresOf: (column: string) => number): Overview {
  const pool = strategyFor("thread-pool");
  const rows = tables
    .filter((t) => workloadKind(t.workload) === "cpu")
    .map((t) => {
      const cells = new Map<string, OverviewCell>();
      for (const c of columns) {
        const cores = coresOf(c);
        const candidates = t.rows.filter((r) => r.strategy === pool && r.cells.has(c) && r.threads <= cores);
        const row = candidates.sort((a, b) => b.threads - a.threads)[0];
        if (!row) continue;
        const s = row.cells.get(c)!;
        const view = row.views.get(c);
        cells.set(c, {
          scenario: s,
          row: strategyLabel(s),
          threads: s.threads,
          status: s.status,
          ...(view?.speedup !== undefined && s.scaling ? { speedup: s.scaling.speedup } : {}),
          ...(view?.efficiency !== undefined ? { efficiency: view.efficiency } : {}),
          ...(view ? { view } : {}),
        });
      }
      return { workload: t.workload, cells };
    })
    .filter((r) => r.cells.size > 0);
  return { columns: [...columns], rows };
}
