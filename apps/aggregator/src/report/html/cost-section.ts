import { COST_SECTION } from "../experiment-sections.ts";
import type { Table } from "../experiment-tables.ts";
import type { ReportModel } from "../model.ts";
import { breakEvenChart } from "./break-even-chart.ts";
import { chartSlot, type LineChart } from "./charts.ts";
import { html, type SafeHtml } from "./template.ts";

/** The break-even table with its chart (added to `charts`), then the single-core table; empty when neither ran. */
export function costSection(model: ReportModel, charts: LineChart[], table: (t: Table) => SafeHtml): SafeHtml {
  const tables = model.costTables;
  if (tables.length === 0) return html``;
  const chart = breakEvenChart(model.runtimesByColumn);
  if (chart) charts.push(chart);
  const body = tables.map((t) => html`${table(t)}${t.id === "break-even" && chart ? chartSlot(chart) : ""}`);
  return html`<section id="${COST_SECTION.id}"><h2>${COST_SECTION.title}</h2>${body}</section>`;
}
