import { MODE_COLOURS } from "../format/colours.ts";
import type { Table } from "../format/table.ts";
import type { ReportModel } from "../model.ts";
import { SECTION } from "../sections.ts";
import { chartSlot, drawable, type LineChart } from "./charts.ts";
import { slug } from "./escape.ts";
import { collapsible } from "./layout.ts";
import { html, type SafeHtml } from "./template.ts";

/** "Used together": the findings, p99 latency against offered load (a panel per runtime, a line per mode), then the tables. */
export function serviceSection(model: ReportModel, charts: LineChart[], table: (t: Table) => SafeHtml): SafeHtml {
  if (!model.service) return html``;
  const mine: LineChart[] = model.service.charts
    .map((c) => ({
      id: `chart-service-${slug(c.runtime)}-${slug(String(c.kernelMs))}`,
      title: `${c.runtime}: p99 latency by offered load, ${c.kernelMs} ms of CPU per request`,
      xLabel: "offered req/s",
      yLabel: "p99 ms",
      x: c.x,
      logY: true,
      series: c.series.map((s) => ({ label: s.label, values: s.values, colour: MODE_COLOURS[s.mode] })),
    }))
    .filter(drawable);
  charts.push(...mine);
  return collapsible(
    SECTION.service.id,
    SECTION.service.title,
    html`${model.service.findings.map((f) => html`<p>${f}</p>`)}
<div class="charts">${mine.map(chartSlot)}</div>
<p class="note">The generator keeps a fixed arrival rate whatever the server does (open loop), and a request's latency runs from the time it was due, so a server that falls behind shows its queue. A line ends at the first rate its mode could not keep up with.</p>
${model.service.tables.map(table)}`,
    2,
    "a real HTTP server per runtime awaiting I/O, its CPU work inline, in the pool or in processes, under rising load",
  );
}
