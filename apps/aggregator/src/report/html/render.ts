import { strategyLabel } from "../collate.ts";
import { machineTag } from "../collate.ts";
import { HOW_TO_READ, paragraphs } from "../format/how-to-read.ts";
import { planLine } from "../format/plan-line.ts";
import type { Table } from "../format/table.ts";
import { bytes, ms } from "../format/units.ts";
import type { ReportModel } from "../model.ts";
import { SECTION } from "../sections.ts";
import { chartScript, chartSlot, drawable, uplotAssets, type LineChart } from "./charts.ts";
import { costSection } from "./cost-section.ts";
import { findingsSection } from "./findings-section.ts";
import { collapsible, openOnLink } from "./layout.ts";
import { overviewSection, verdictSection } from "./overview-section.ts";
import { payloadCharts } from "./payload-charts.ts";
import { prose, proseSpan } from "./prose.ts";
import { resultsSection } from "./results-section.ts";
import { serviceSection } from "./service-section.ts";
import { STYLE } from "./style.ts";
import { html, joinHtml, raw, type SafeHtml } from "./template.ts";

/** "2 cores, AMD EPYC, linux x64 · node 20.20.2, deno 2.9.6": what ran, on one line. */
function ranOn(model: ReportModel): string {
  const machines = model.machines.map((r) => `${r.machine.cores} cores, ${r.machine.cpuModel}, ${r.machine.os} ${r.machine.arch}`);
  const runtimes = model.runtimesByColumn.map(({ column, result: r }) => `${column} ${r.runtime.version}`);
  return `${machines.join("; ")} · ${runtimes.join(", ")}`;
}

function machineSection(model: ReportModel): SafeHtml {
  const machines = model.machines.map(
    (r) => html`<tr><td>${machineTag(r)}</td><td>${r.machine.cpuModel}</td><td>${r.machine.cores}</td><td>${bytes(r.machine.memoryBytes)}</td><td>${r.machine.os} ${r.machine.arch}</td></tr>`,
  );
  const runtimes = model.runtimesByColumn.map(({ column, result: r, ok, ran }) => {
    const features = Object.entries(r.runtime.features ?? {}).map(([k, v]) => html`${k}: <b>${v}</b>`);
    return html`<tr><td>${column}</td><td>${r.runtime.version}</td><td>${r.runtime.engine} ${r.runtime.engineVersion ?? ""}</td><td>${features.length ? joinHtml(features, html`, `) : "–"}</td><td>${r.startedAt}</td><td>${ok}/${ran}</td></tr>`;
  });
  const planText = joinHtml(model.plans.map((p) => html`${planLine(p)}; workloads ${p.workloads.join(", ")}; strategies ${p.strategies.join(", ")}`), html`<br>`);
  return collapsible(
    SECTION.machine.id,
    SECTION.machine.title,
    html`<div class="scroll"><table><thead><tr><th>machine</th><th>CPU</th><th>cores</th><th>memory</th><th>OS</th></tr></thead><tbody>${machines}</tbody></table></div>
<div class="scroll"><table><thead><tr><th>runtime</th><th>version</th><th>engine</th><th>features</th><th>ran at</th><th>scenarios ok</th></tr></thead><tbody>${runtimes}</tbody></table></div>
<p><b>Plan:</b> ${planText}</p>`,
  );
}

function howToRead(): SafeHtml {
  const body = paragraphs(HOW_TO_READ, "html").map((p) => html`<p>${p.map(proseSpan)}</p>`);
  return collapsible(SECTION.howToRead.id, SECTION.howToRead.title, joinHtml(body, raw("\n")));
}

function htmlTable(t: Table): SafeHtml {
  const head = html`<tr>${t.head.map((h) => html`<th>${h}</th>`)}</tr>`;
  const rows = t.rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th>${c}</th>` : html`<td>${c}</td>`))}</tr>`);
  return html`<div class="exp-table" id="t-${t.id}"><h4>${prose(t.title)}</h4><p class="note">${prose(t.note)}</p><div class="scroll"><table><thead>${head}</thead><tbody>${rows}</tbody></table></div></div>`;
}

function overheads(model: ReportModel, charts: LineChart[]): SafeHtml {
  const rows = model.scenarios
    .filter(({ scenario: s }) => s.status === "ok")
    .map(
      ({ column, scenario: s }) =>
        html`<tr><td>${column}</td><td>${s.workload}</td><td>${strategyLabel(s)}</td><td>${s.startupMs !== undefined ? ms(s.startupMs) : "–"}</td><td>${s.eventLoopLagMs ? html`${ms(s.eventLoopLagMs.p50)} / ${ms(s.eventLoopLagMs.p99)} / ${ms(s.eventLoopLagMs.max)}` : "–"}</td><td>${bytes(s.memory?.peakRssBytes)}</td><td>${bytes(s.memory?.peakHeapUsedBytes)}</td></tr>`,
    );
  const mine = payloadCharts(model.runtimesByColumn).filter(drawable);
  charts.push(...mine);
  return collapsible(
    SECTION.overheads.id,
    SECTION.overheads.title,
    html`${model.overheadTables.map(htmlTable)}
<div class="charts">${mine.map(chartSlot)}</div>
<p><b>Per scenario.</b> <b>Start-up</b> is the time to start a pool's workers and hear back from each once. <b>Event-loop lag</b> is how late a 10 ms timer on the calling thread fired while the row's samples ran (p50 / p99 / max): with <code>sequential</code> the thread is busy computing and the lag is the whole run; with workers the calling thread stays free. <b>Peak memory</b> is the process's resident set and the calling thread's JS heap where the runtime reports them.</p>
<details><summary>Per scenario (${rows.length} rows)</summary>
<div class="scroll"><table><thead><tr><th>runtime</th><th>workload</th><th>strategy</th><th>start-up</th><th>event-loop lag p50 / p99 / max</th><th>peak RSS</th><th>peak heap</th></tr></thead><tbody>${rows}</tbody></table></div></details>`,
  );
}

function concepts(model: ReportModel): SafeHtml {
  const cards = model.concepts.map(({ concept: c, tables }) => {
    const impl = Object.entries(c.implementation).map(([rt, text]) => html`<li class="${model.present.has(rt) ? "" : "absent"}"><b>${rt}</b>: ${prose(text)}</li>`);
    return html`<article class="concept" id="c-${c.id}"><h3>${c.title}</h3>
<p><b>What it is.</b> ${prose(c.definition)}</p>
<p><b>When it helps.</b> ${prose(c.useCase)}</p>
<p><b>How each runtime does it.</b></p><ul>${impl}</ul>
<p><b>How threadlab measures it.</b> ${prose(c.scenario)}</p>
<p><b>What it costs.</b> ${prose(c.overheads)}</p>
${tables.length ? tables.map(htmlTable) : html`<p class="where">Not measured by this run's plan.</p>`}</article>`;
  });
  const errors = model.experimentErrors.map((e) => html`<p class="failure">✗ ${e}</p>`);
  return collapsible(SECTION.concepts.id, SECTION.concepts.title, html`${errors}${cards}`, 2, "definition, use, implementation and overheads of each, with its measurements");
}

/** The race of the pools, where `threadlab pools` wrote one beside the results. */
function pools(model: ReportModel): SafeHtml {
  if (!model.pools) return html``;
  const profiles = model.pools.profiles.map(([name, text]) => html`<li><b>${name}</b>: ${prose(text)}</li>`);
  return collapsible(
    SECTION.pools.id,
    SECTION.pools.title,
    html`${model.pools.findings.map((f) => html`<p>${f}</p>`)}
${model.pools.tables.map(htmlTable)}
<p><b>What else each offers</b> (from each project's documentation):</p><ul>${profiles}</ul>`,
  );
}

/** The whole report as one self-contained HTML document: no network, every string escaped. */
export function renderHtml(model: ReportModel): string {
  const cols = model.columns;
  const charts: LineChart[] = [];
  const links: Array<[string, string]> = [
    ...(model.verdicts.length ? [[SECTION.verdict.id, "Verdict"] as [string, string]] : []),
    [SECTION.overview.id, "Overview"],
    ...(model.findings.length ? [[SECTION.findings.id, "Findings"] as [string, string]] : []),
    [SECTION.results.id, "Results"],
    ...(model.costTables.length ? [[SECTION.worthIt.id, "Break-even"] as [string, string]] : []),
    ...(model.service ? [[SECTION.service.id, "Service"] as [string, string]] : []),
    [SECTION.overheads.id, "Overheads"],
    ...(model.pools ? [[SECTION.pools.id, "Pools"] as [string, string]] : []),
    [SECTION.concepts.id, "Concepts"],
    [SECTION.machine.id, "Machine"],
    [SECTION.howToRead.id, "How to read"],
  ];
  const nav = joinHtml(links.map(([id, text]) => html`<a href="#${id}">${text}</a>`), html` `);
  const failures = model.failures.map((f) => html`<p class="failure">✗ <b>${f.runtime}</b> failed at ${f.at}: ${f.message}</p>`);
  const { js, css } = uplotAssets();
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>threadlab report</title>
<style>${css}</style><style>${raw(STYLE)}</style>
</head><body>
<nav>${nav}<button type="button" id="open-all">open all sections</button></nav>
<main>
<header><h1>threadlab report</h1>
<p class="meta">${ranOn(model)} · generated ${model.generatedAt.toISOString()} from ${model.resultCount} result file(s)</p>${failures}</header>
${verdictSection(model)}
${overviewSection(model)}
${findingsSection(model)}
${resultsSection(model.workloads, cols, charts)}
${costSection(model, charts, htmlTable)}
${serviceSection(model, charts, htmlTable)}
${overheads(model, charts)}
${pools(model)}
${concepts(model)}
${machineSection(model)}
${howToRead()}
</main>
<script>${js}</script>
${chartScript(charts)}
${openOnLink()}
</body></html>
`.value;
}
