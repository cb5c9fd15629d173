import { COST_SECTION } from "../experiment-sections.ts";
import type { Table } from "../format/table.ts";
import type { ReportModel } from "../model.ts";
import { breakEvenChart } from "./break-even-chart.ts";
import { chartSlot, drawable, type LineChart } from "./charts.ts";
import { collapsible } from "./layout.ts";
import { html, type SafeHtml } from "./template.ts";

/** The break-even table with its chart (added to `charts`), then the single-core table; empty when neither ran. */
export function costSection(model: ReportModel, charts: LineChart[], table: (t: Table) => SafeHtml): SafeHtml {
  const tables = model.costTables;
  if (tables.length === 0) return html``;
  const found = breakEvenChart(model.runtimesByColumn);
  const chart = found && drawable(found) ? found : undefined;
  if (chart) charts.push(chart);
  const body = tables.map((t) => html`${table(t)}${t.id === "break-even" && chart ? chartSlot(chart) : ""}`);
  return collapsible(COST_SECTION.id, COST_SECTION.title, body);
}
