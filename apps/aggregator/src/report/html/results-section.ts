import { STRATEGIES, strategyFor, strategyOf, type Scenario } from "@threadlab/core";
import { strategyLabel } from "../collate.ts";
import { cellDetails, cellFace, cellMarks } from "../cells.ts";
import { ratioColour } from "../format/colours.ts";
import type { ViewedRow, ViewedTable } from "../model.ts";
import type { ScenarioView } from "../scenario-view.ts";
import { SECTION } from "../sections.ts";
import { chartSlot, drawable, type LineChart } from "./charts.ts";
import { slug } from "./escape.ts";
import { gantt } from "./gantt.ts";
import { collapsible } from "./layout.ts";
import { html, type SafeHtml } from "./template.ts";

/** A results cell: the median and the ratio on its face, coloured by the ratio; everything else in its tooltip. */
function resultCell(s: Scenario | undefined, view: ScenarioView | undefined): SafeHtml {
  const face = cellFace(s, view);
  const title = cellDetails(s, view);
  if (!s) return html`<td class="missing">–</td>`;
  if (s.status === "skipped") return html`<td class="missing" title="${title}">n/a</td>`;
  if (s.status !== "ok") return html`<td class="failed" title="${title}">${face.time}</td>`;
  const ratio = view?.suspect ? html` <span class="suspect">suspect</span>` : face.ratio ? html` <span class="ratio">${face.ratio}</span>` : "";
  const bg = view?.suspect ? undefined : ratioColour(view?.speedup);
  return html`<td${bg ? html` style="background:${bg}"` : ""} title="${title}"><b>${face.time}</b>${ratio}${cellMarks(view)}</td>`;
}

function workloadTable(t: ViewedTable, cols: string[]): SafeHtml {
  const head = html`<tr><th>strategy</th>${cols.map((c) => html`<th>${c}</th>`)}</tr>`;
  const rows = t.rows.map((row) => html`<tr><th>${strategyLabel(row)}</th>${cols.map((c) => resultCell(row.cells.get(c), row.views.get(c)))}</tr>`);
  return html`<div class="scroll"><table class="results"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function scalingCharts(t: ViewedTable, cols: string[]): LineChart[] {
  const workerRows = t.rows.filter((r) => r.strategy === strategyFor("thread-pool"));
  if (workerRows.length === 0) return [];
  const x = workerRows.map((r) => r.threads);
  // A suspect ratio is no point on a speed-up curve.
  const pick = (c: string, f: (v: ScenarioView) => number | undefined) =>
    workerRows.map((r) => {
      const s = r.cells.get(c);
      return s?.status === "ok" ? (f(r.views.get(c)!) ?? null) : null;
    });
  const id = slug(t.workload);
  return [
    {
      id: `chart-speedup-${id}`,
      title: `${t.workload}: speed-up vs threads`,
      xLabel: "threads",
      yLabel: "speed-up (×)",
      x,
      xTicks: "counts",
      series: [{ label: "ideal", values: x, reference: true }, ...cols.map((c) => ({ label: c, values: pick(c, (v) => v.speedup) }))],
    },
    {
      id: `chart-efficiency-${id}`,
      title: `${t.workload}: efficiency vs threads`,
      xLabel: "threads",
      yLabel: "efficiency (%)",
      x,
      xTicks: "counts",
      series: [
        { label: "ideal", values: x.map(() => 100), reference: true },
        ...cols.map((c) => ({ label: c, values: pick(c, (v) => (v.efficiency === undefined ? undefined : v.efficiency * 100)) })),
      ],
    },
  ];
}

/** The strategies whose timelines a reader compares first: the calling thread's, then the ones spread over workers. */
const TIMELINE_ORDER = [...STRATEGIES].sort((a, b) => Number(strategyOf(a).runsOn !== "caller") - Number(strategyOf(b).runsOn !== "caller"));

/** The rows each strategy keeps a timeline of (the widest thread count of each). */
function tracedRows(t: ViewedTable): ViewedRow[] {
  return TIMELINE_ORDER.flatMap((name) => {
    const rows = t.rows.filter((r) => r.strategy === name);
    const widest = Math.max(...rows.map((r) => r.threads));
    return rows.filter((r) => strategyOf(name).traces(r, widest));
  });
}

/** One run per strategy, for each runtime, on one time axis; closed until asked for. */
function timelines(t: ViewedTable, cols: string[]): SafeHtml {
  const parts: SafeHtml[] = [];
  const picks = tracedRows(t);
  for (const c of cols) {
    const runs = picks
      .map((r) => ({ row: r, s: r.cells.get(c) }))
      .filter((x): x is { row: ViewedRow; s: Scenario } => !!x.s?.timeline?.length);
    if (runs.length === 0) continue;
    const span = Math.max(...runs.flatMap((r) => r.s.timeline!.map((rec) => rec.end)));
    parts.push(
      html`<h5>${c}</h5>${runs.map((r) => html`<div class="timeline"><div class="tl-label">${strategyLabel(r.row)}</div><div class="scroll">${gantt(r.s.timeline!, span, r.row.strategy)}</div></div>`)}`,
    );
  }
  if (parts.length === 0) return html``;
  return html`<details class="timelines"><summary>Timeline of one run once warm (the last warm-up run; timed samples are never traced): which call ran on which thread, when</summary>${parts}</details>`;
}

function workloadSection(t: ViewedTable, cols: string[], charts: LineChart[]): SafeHtml {
  const all = scalingCharts(t, cols);
  const shown = all.filter(drawable);
  charts.push(...shown);
  const missing = all.filter((c) => !drawable(c)).map((c) => html`<p class="where">No ${c.id.startsWith("chart-efficiency") ? "efficiency" : "speed-up"} chart: no fair row of ${t.workload} has one (${t.workload === "noop" ? "noop is all overhead" : "suspect or failed rows only"}).</p>`);
  const body = html`<p>${t.description}</p>
${workloadTable(t, cols)}
<div class="charts">${shown.map(chartSlot)}</div>${missing}
${timelines(t, cols)}`;
  return collapsible(`w-${slug(t.workload)}`, html`${t.workload}: ${t.title} <span class="size">N = ${t.sizes.join(", ")}</span>`, body, 3);
}

/** Every workload's table, charts and timelines, each in a section of its own. */
export function resultsSection(tables: readonly ViewedTable[], cols: string[], charts: LineChart[]): SafeHtml {
  return collapsible(SECTION.results.id, SECTION.results.title, tables.map((t) => workloadSection(t, cols, charts)), 2, `${tables.length} workloads`);
}
