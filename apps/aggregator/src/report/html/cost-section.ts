import type { ResultSet } from "../../results/read-results.ts";
import { COST_SECTION, costTables } from "../experiment-sections.ts";
import type { Table } from "../experiment-tables.ts";
import { breakEvenChart } from "./break-even-chart.ts";
import { chartSlot, type LineChart } from "./charts.ts";
import { esc } from "./escape.ts";

/** The break-even table with its chart (added to `charts`), then the single-core table; empty when neither ran. */
export function costSection(set: ResultSet, charts: LineChart[], table: (t: Table) => string): string {
  const tables = costTables(set);
  if (tables.length === 0) return "";
  const chart = breakEvenChart(set);
  if (chart) charts.push(chart);
  const body = tables.map((t) => `${table(t)}${t.id === "break-even" && chart ? chartSlot(chart) : ""}`).join("");
  return `<section id="${COST_SECTION.id}"><h2>${esc(COST_SECTION.title)}</h2>${body}</section>`;
}
