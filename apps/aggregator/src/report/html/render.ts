import { STRATEGIES, strategyFor, strategyOf, type Scenario } from "@threadlab/core";
import { COST_SECTION } from "../experiment-sections.ts";
import type { Table } from "../experiment-tables.ts";
import { machineTag, strategyLabel } from "../collate.ts";
import { bytes, failureReason, flagsExplained, karpFlattCell, ms, planLine, samplingFlags, scalingCell } from "../format.ts";
import type { ReportModel, ViewedRow, ViewedTable } from "../model.ts";
import type { ScenarioView } from "../scenario-view.ts";
import { chartScript, chartSlot, uplotAssets, type LineChart } from "./charts.ts";
import { costSection } from "./cost-section.ts";
import { slug } from "./escape.ts";
import { findingsSection } from "./findings-section.ts";
import { gantt } from "./gantt.ts";
import { payloadCharts } from "./payload-charts.ts";
import { prose } from "./prose.ts";
import { STYLE } from "./style.ts";
import { html, joinHtml, raw, type SafeHtml } from "./template.ts";

/** Background for a cell `ratio` times slower than the fastest runtime in its row. */
function ratioColour(ratio: number): string {
  const t = Math.min(1, Math.max(0, (ratio - 1) / 1.5));
  return `hsl(${(120 - 120 * t).toFixed(0)} 55% 88%)`;
}

function header(model: ReportModel): SafeHtml {
  const machines = model.machines.map(
    (r) =>
      html`<tr><td>${machineTag(r)}</td><td>${r.machine.cpuModel}</td><td>${r.machine.cores}</td><td>${bytes(r.machine.memoryBytes)}</td><td>${r.machine.os} ${r.machine.arch}</td></tr>`,
  );
  const runtimes = model.runtimesByColumn.map(({ column, result: r, ok, ran }) => {
      const features = Object.entries(r.runtime.features ?? {}).map(([k, v]) => html`${k}: <b>${v}</b>`);
      return html`<tr><td>${column}</td><td>${r.runtime.version}</td><td>${r.runtime.engine} ${r.runtime.engineVersion ?? ""}</td><td>${features.length ? joinHtml(features, html`, `) : "–"}</td><td>${r.startedAt}</td><td>${ok}/${ran}</td></tr>`;
    });
  const failures = model.failures.map((f) => html`<p class="failure">✗ <b>${f.runtime}</b> failed at ${f.at}: ${f.message}</p>`);
  const planText = joinHtml(
    model.plans.map((p) => html`${planLine(p)}; workloads ${p.workloads.join(", ")}; strategies ${p.strategies.join(", ")}`),
    html`<br>`,
  );
  return html`<header>
<h1>threadlab report</h1>
<p class="meta">Generated ${model.generatedAt.toISOString()} from ${model.resultCount} result file(s).</p>
${findingsSection(model)}
<h2 id="machine">Machine</h2>
<table><thead><tr><th>machine</th><th>CPU</th><th>cores</th><th>memory</th><th>OS</th></tr></thead><tbody>${machines}</tbody></table>
<h2 id="runtimes">Runtimes</h2>
<table><thead><tr><th>runtime</th><th>version</th><th>engine</th><th>features</th><th>ran at</th><th>scenarios ok</th></tr></thead><tbody>${runtimes}</tbody></table>
${failures}
<p><b>Plan:</b> ${planText}</p>
</header>`;
}

function howToRead(): SafeHtml {
  return html`<section id="how-to-read"><h2>How to read this</h2>
<p>Each time is the <b>median</b> of the timed samples, with its <b>95% confidence interval</b> (order statistics; no distribution assumed; with few samples it is min–max), then <b>n</b>, the samples taken:
sampling goes on until the interval is within the plan's precision of the median or the scenario's time is spent; a row whose interval stayed wider says <span class="noisy">noisy</span> with its ± width, and <b>outliers</b> (modified z-score above 3.5) are counted, never dropped. ${raw(flagsExplained((flag) => `<span class="noisy">${flag}</span>`, { check: "in the cell's tooltip", halves: "in the tooltip" }))}
A row marked <span class="suspect">suspect</span> failed the self-check (for CPU work, <code>workers(1)</code> and <code>interleaved</code> do the same work on one thread as <code>sequential</code>, so they must land within 0.9–1.1× of it): its ratio is shown, never as a speed-up, with the reason.
Efficiency and Karp–Flatt are left out where they mean nothing: for <code>noop</code> (all overhead) and <code>interleaved</code> (one thread), and Karp–Flatt below a speed-up of 1 or past the core count.
Every sample's output was checked against the Benchmarks Game's published answer: a wrong answer shows as <span class="failed-text">FAILED</span>, never as a time.
<b>Speed-up</b> is the same runtime's <code>sequential</code> median divided by this one, measured in the same run; <b>efficiency</b> is speed-up ÷ threads;
<b>Karp–Flatt</b> e = (1/S − 1/p)/(1 − 1/p) estimates the serial fraction: near 0 the work parallelizes, near 1 it does not.
Cell colours compare runtimes within a row: green is the fastest, red is 2.5× slower or more.</p></section>`;
}

/** `fastest` is the row's best median when several runtimes share the row, else undefined. */
function timeCell(s: Scenario | undefined, view: ScenarioView | undefined, fastest: number | undefined): SafeHtml {
  if (!s) return html`<td class="missing">–</td>`;
  if (s.status === "skipped") return html`<td class="missing" title="${s.reason ?? ""}">n/a: ${s.reason?.replace(/^not applicable: /, "") ?? ""}</td>`;
  if (s.status !== "ok" || !s.summary) {
    return html`<td class="failed" title="${s.error?.message ?? ""}">FAILED: ${failureReason(s)}</td>`;
  }
  const { median, ci } = s.summary;
  const ratio = fastest ? median / fastest : 1;
  const ratioText = fastest === undefined ? "" : html`<br><span class="ratio">${ratio === 1 ? "fastest" : `${ratio.toFixed(2)}× the fastest time`}</span>`;
  const kf = view?.karpFlatt !== undefined ? html` · KF ${karpFlattCell(view)}` : "";
  const scale = view?.suspect
    ? html`<br><span class="suspect" title="${view.suspect}">${scalingCell(view)}</span><br><span class="reason">${view.suspect}</span>`
    : view?.speedup !== undefined
      ? html`<br><span class="scale">${scalingCell(view)}${kf}</span>`
      : "";
  const why = [view?.busy, view?.warming].filter(Boolean).join("; ");
  const flags = view ? html`<br><span class="${view.noisy || view.busy || view.warming ? "noisy" : "samples"}" title="${why}">${samplingFlags(view)}</span>` : "";
  return html`<td style="background:${ratioColour(ratio)}"><b>${ms(median)}</b> <span class="ci">(${ms(ci.low)}–${ms(ci.high)})</span>${flags}${ratioText}${scale}</td>`;
}

function workloadTable(t: ViewedTable, cols: string[]): SafeHtml {
  const head = html`<tr><th>strategy</th>${cols.map((c) => html`<th>${c}</th>`)}</tr>`;
  const rows = t.rows.map((row) => {
    const medians = cols
      .map((c) => row.cells.get(c))
      .filter((s): s is Scenario => s?.status === "ok" && !!s.summary)
      .map((s) => s.summary!.median);
    const fastest = medians.length > 1 ? Math.min(...medians) : undefined;
    const cells = cols.map((c) => timeCell(row.cells.get(c), row.views.get(c), fastest));
    return html`<tr><th>${strategyLabel(row)}</th>${cells}</tr>`;
  });
  return html`<table class="results"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
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
      series: [
        { label: "ideal", values: x, reference: true },
        ...cols.map((c) => ({ label: c, values: pick(c, (v) => v.speedup) })),
      ],
    },
    {
      id: `chart-efficiency-${id}`,
      title: `${t.workload}: efficiency vs threads`,
      xLabel: "threads",
      yLabel: "efficiency (%)",
      x,
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

/** One run per strategy, for each runtime, on one time axis. */
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
      html`<h4>${c}</h4>${runs.map((r) => html`<div class="timeline"><div class="tl-label">${strategyLabel(r.row)}</div>${gantt(r.s.timeline!, span, r.row.strategy)}</div>`)}`,
    );
  }
  if (parts.length === 0) return html``;
  return html`<details open><summary>Timeline of one run (warm-up): which call ran on which thread, when</summary>${parts}</details>`;
}

function workloadSection(t: ViewedTable, cols: string[], charts: LineChart[]): SafeHtml {
  const mine = scalingCharts(t, cols);
  charts.push(...mine);
  return html`<section class="workload" id="w-${slug(t.workload)}">
<h3>${t.workload}: ${t.title} <span class="size">N = ${t.sizes.join(", ")}</span></h3>
<p>${t.description}</p>
${workloadTable(t, cols)}
<div class="charts">${mine.map(chartSlot)}</div>
${timelines(t, cols)}
</section>`;
}

function htmlTable(t: Table): SafeHtml {
  const head = html`<tr>${t.head.map((h) => html`<th>${h}</th>`)}</tr>`;
  const rows = t.rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th>${c}</th>` : html`<td>${c}</td>`))}</tr>`);
  return html`<div class="exp-table" id="t-${t.id}"><h4>${prose(t.title)}</h4><p class="note">${prose(t.note)}</p><table><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function overheads(model: ReportModel, charts: LineChart[]): SafeHtml {
  const rows = model.scenarios
    .filter(({ scenario: s }) => s.status === "ok")
    .map(
      ({ column, scenario: s }) =>
        html`<tr><td>${column}</td><td>${s.workload}</td><td>${strategyLabel(s)}</td><td>${s.startupMs !== undefined ? ms(s.startupMs) : "–"}</td><td>${s.eventLoopLagMs ? html`${ms(s.eventLoopLagMs.p50)} / ${ms(s.eventLoopLagMs.p99)} / ${ms(s.eventLoopLagMs.max)}` : "–"}</td><td>${bytes(s.memory?.peakRssBytes)}</td><td>${bytes(s.memory?.peakHeapUsedBytes)}</td></tr>`,
    );
  const mine = payloadCharts(model.runtimes);
  charts.push(...mine);
  return html`<section id="overheads"><h2>Overheads</h2>
${model.overheadTables.map(htmlTable)}
<div class="charts">${mine.map(chartSlot)}</div>
<p><b>Per scenario.</b> <b>Start-up</b> is the time to start a pool's workers and hear back from each once. <b>Event-loop lag</b> is how late a 10 ms timer on the calling thread fired during the timed samples (p50 / p99 / max): with <code>sequential</code> the thread is busy computing and the lag is the whole run; with workers the calling thread stays free. <b>Peak memory</b> is the process's resident set and the calling thread's JS heap where the runtime reports them.</p>
<details><summary>Per scenario (${rows.length} rows)</summary>
<table><thead><tr><th>runtime</th><th>workload</th><th>strategy</th><th>start-up</th><th>event-loop lag p50 / p99 / max</th><th>peak RSS</th><th>peak heap</th></tr></thead><tbody>${rows}</tbody></table></details>
</section>`;
}

function concepts(model: ReportModel): SafeHtml {
  const cards = model.concepts.map(({ concept: c, tables }) => {
    const impl = Object.entries(c.implementation).map(
      ([rt, text]) => html`<li class="${model.present.has(rt) ? "" : "absent"}"><b>${rt}</b>: ${prose(text)}</li>`,
    );
    return html`<article class="concept" id="c-${c.id}"><h3>${c.title}</h3>
<p><b>What it is.</b> ${prose(c.definition)}</p>
<p><b>When it helps.</b> ${prose(c.useCase)}</p>
<p><b>How each runtime does it.</b></p><ul>${impl}</ul>
<p><b>How threadlab measures it.</b> ${prose(c.scenario)}</p>
<p><b>What it costs.</b> ${prose(c.overheads)}</p>
${tables.length ? tables.map(htmlTable) : html`<p class="where">Not measured by this run's plan.</p>`}</article>`;
  });
  const errors = model.experimentErrors.map((e) => html`<p class="failure">✗ ${e}</p>`);
  return html`<section id="concepts"><h2>The four concepts</h2>${errors}${cards}</section>`;
}

/** The race of the pools, where `threadlab pools` wrote one beside the results. */
function pools(model: ReportModel): SafeHtml {
  if (!model.pools) return html``;
  const profiles = model.pools.profiles.map(([name, text]) => html`<li><b>${name}</b>: ${prose(text)}</li>`);
  return html`<section id="pools"><h2>Choosing a pool</h2>
${model.pools.findings.map((f) => html`<p>${f}</p>`)}
${model.pools.tables.map(htmlTable)}
<p><b>What else each offers</b> (from each project's documentation):</p><ul>${profiles}</ul>
</section>`;
}

/** The whole report as one self-contained HTML document: no network, every string escaped. */
export function renderHtml(model: ReportModel): string {
  const cols = model.columns;
  const charts: LineChart[] = [];
  const sections = model.workloads.map((t) => workloadSection(t, cols, charts));
  const nav = joinHtml(
    [
      ...(model.findings.length ? [html`<a href="#findings">Findings</a>`] : []),
      html`<a href="#machine">Machine</a>`,
      html`<a href="#how-to-read">How to read</a>`,
      ...model.workloads.map((t) => html`<a href="#w-${slug(t.workload)}">${t.workload}</a>`),
      ...(model.costTables.length ? [html`<a href="#${COST_SECTION.id}">Break-even, one core</a>`] : []),
      html`<a href="#overheads">Overheads</a>`,
      ...(model.pools ? [html`<a href="#pools">Choosing a pool</a>`] : []),
      html`<a href="#concepts">Concepts</a>`,
    ],
    html` · `,
  );
  const { js, css } = uplotAssets();
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>threadlab report</title>
<style>${css}</style><style>${raw(STYLE)}</style>
</head><body>
<nav>${nav}</nav>
<main>
${header(model)}
${howToRead()}
<section id="results"><h2>Results</h2>${sections}</section>
${costSection(model, charts, htmlTable)}
${overheads(model, charts)}
${pools(model)}
${concepts(model)}
</main>
<script>${js}</script>
${chartScript(charts)}
</body></html>
`.value;
}
