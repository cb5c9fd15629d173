import type { Result, Scenario } from "@threadlab/core";
import type { ResultSet } from "../../results/read-results.ts";
import { CONCEPTS } from "../concepts.ts";
import { COST_SECTION, costTables } from "../experiment-sections.ts";
import { conceptTables, experimentErrors, overheadsTable, payloadTable, type Table } from "../experiment-tables.ts";
import { POOL_PROFILES, poolFindings, poolsTables } from "../pools-tables.ts";
import { collate, columnCores, columnKey, columns, machineTag, strategyLabel, type WorkloadTable } from "../collate.ts";
import { bytes, failureReason, karpFlattCell, ms, planLine, samplingFlags, scalingCell } from "../format.ts";
import { viewScenario, type ScenarioView } from "../scenario-view.ts";
import { chartScript, chartSlot, uplotAssets, type LineChart } from "./charts.ts";
import { costSection } from "./cost-section.ts";
import { esc, slug } from "./escape.ts";
import { findingsSection } from "./findings-section.ts";
import { gantt } from "./gantt.ts";
import { STYLE } from "./style.ts";

/** Background for a cell `ratio` times slower than the fastest runtime in its row. */
function ratioColour(ratio: number): string {
  const t = Math.min(1, Math.max(0, (ratio - 1) / 1.5));
  return `hsl(${(120 - 120 * t).toFixed(0)} 55% 88%)`;
}

function header(set: ResultSet, generatedAt: Date): string {
  const byMachine = new Map<string, Result>();
  for (const r of set.results) byMachine.set(machineTag(r), r);
  const machines = [...byMachine.values()]
    .map(
      (r) =>
        `<tr><td>${esc(machineTag(r))}</td><td>${esc(r.machine.cpuModel)}</td><td>${esc(r.machine.cores)}</td><td>${esc(bytes(r.machine.memoryBytes))}</td><td>${esc(`${r.machine.os} ${r.machine.arch}`)}</td></tr>`,
    )
    .join("");
  const order = columns(set);
  const runtimes = [...set.results]
    .sort((a, b) => order.indexOf(columnKey(a, set)) - order.indexOf(columnKey(b, set)))
    .map((r) => {
      const features = Object.entries(r.runtime.features ?? {})
        .map(([k, v]) => `${esc(k)}: <b>${esc(v)}</b>`)
        .join(", ");
      const ok = r.scenarios.filter((s) => s.status === "ok").length;
      const ran = r.scenarios.filter((s) => s.status !== "skipped").length;
      return `<tr><td>${esc(columnKey(r, set))}</td><td>${esc(r.runtime.version)}</td><td>${esc(r.runtime.engine)} ${esc(r.runtime.engineVersion ?? "")}</td><td>${features || "–"}</td><td>${esc(r.startedAt)}</td><td>${ok}/${ran}</td></tr>`;
    })
    .join("");
  const failures = set.failures
    .map((f) => `<p class="failure">✗ <b>${esc(f.runtime)}</b> failed at ${esc(f.at)}: ${esc(f.message)}</p>`)
    .join("");
  const plans = [...new Set(set.results.map((r) => JSON.stringify(r.plan)))].map((p) => JSON.parse(p) as Result["plan"]);
  const planText = plans.map((p) => `${esc(planLine(p))}; workloads ${esc(p.workloads.join(", "))}; strategies ${esc(p.strategies.join(", "))}`).join("<br>");
  return `<header>
<h1>threadlab report</h1>
<p class="meta">Generated ${esc(generatedAt.toISOString())} from ${set.results.length} result file(s).</p>
${findingsSection(set)}
<h2 id="machine">Machine</h2>
<table><thead><tr><th>machine</th><th>CPU</th><th>cores</th><th>memory</th><th>OS</th></tr></thead><tbody>${machines}</tbody></table>
<h2 id="runtimes">Runtimes</h2>
<table><thead><tr><th>runtime</th><th>version</th><th>engine</th><th>features</th><th>ran at</th><th>scenarios ok</th></tr></thead><tbody>${runtimes}</tbody></table>
${failures}
<p><b>Plan:</b> ${planText}</p>
</header>`;
}

function howToRead(): string {
  return `<section id="how-to-read"><h2>How to read this</h2>
<p>Each time is the <b>median</b> of the timed samples, with its <b>95% confidence interval</b> (order statistics; no distribution assumed; with few samples it is min–max), then <b>n</b>, the samples taken:
sampling goes on until the interval is within the plan's precision of the median or the scenario's time is spent; a row whose interval stayed wider says <span class="noisy">noisy</span> with its ± width, and <b>outliers</b> (modified z-score above 3.5) are counted, never dropped.
A row marked <span class="suspect">suspect</span> failed the self-check (for CPU work, <code>workers(1)</code> and <code>interleaved</code> do the same work on one thread as <code>sequential</code>, so they must land within 0.9–1.1× of it): its ratio is shown, never as a speed-up, with the reason.
Efficiency and Karp–Flatt are left out where they mean nothing: for <code>noop</code> (all overhead) and <code>interleaved</code> (one thread), and Karp–Flatt below a speed-up of 1 or past the core count.
Every sample's output was checked against the Benchmarks Game's published answer: a wrong answer shows as <span class="failed-text">FAILED</span>, never as a time.
<b>Speed-up</b> is the same runtime's <code>sequential</code> median divided by this one, measured in the same run; <b>efficiency</b> is speed-up ÷ threads;
<b>Karp–Flatt</b> e = (1/S − 1/p)/(1 − 1/p) estimates the serial fraction: near 0 the work parallelizes, near 1 it does not, above 1 the overhead of going parallel outweighs the work.
Cell colours compare runtimes within a row: green is the fastest, red is 2.5× slower or more.</p></section>`;
}

/** `fastest` is the row's best median when several runtimes share the row, else undefined. */
function timeCell(s: Scenario | undefined, view: ScenarioView | undefined, fastest: number | undefined): string {
  if (!s) return `<td class="missing">–</td>`;
  if (s.status === "skipped") return `<td class="missing" title="${esc(s.reason ?? "")}">n/a: ${esc(s.reason?.replace(/^not applicable: /, "") ?? "")}</td>`;
  if (s.status !== "ok" || !s.summary) {
    return `<td class="failed" title="${esc(s.error?.message ?? "")}">FAILED: ${esc(failureReason(s))}</td>`;
  }
  const { median, ci } = s.summary;
  const ratio = fastest ? median / fastest : 1;
  const ratioText = fastest === undefined ? "" : `<br><span class="ratio">${ratio === 1 ? "fastest" : `${ratio.toFixed(2)}× the fastest time`}</span>`;
  const kf = view?.karpFlatt !== undefined ? ` · KF ${esc(karpFlattCell(view))}` : "";
  const scale = view?.suspect
    ? `<br><span class="suspect" title="${esc(view.suspect)}">${esc(scalingCell(view))}</span><br><span class="reason">${esc(view.suspect)}</span>`
    : view?.speedup !== undefined
      ? `<br><span class="scale">${esc(scalingCell(view))}${kf}</span>`
      : "";
  const flags = view ? `<br><span class="${view.noisy ? "noisy" : "samples"}">${esc(samplingFlags(view))}</span>` : "";
  return `<td style="background:${ratioColour(ratio)}"><b>${esc(ms(median))}</b> <span class="ci">(${esc(ms(ci.low))}–${esc(ms(ci.high))})</span>${flags}${ratioText}${scale}</td>`;
}

function workloadTable(t: WorkloadTable, cols: string[], cores: Map<string, number>): string {
  const head = `<tr><th>strategy</th>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`;
  const rows = t.rows
    .map((row) => {
      const medians = cols
        .map((c) => row.cells.get(c))
        .filter((s): s is Scenario => s?.status === "ok" && !!s.summary)
        .map((s) => s.summary!.median);
      const fastest = medians.length > 1 ? Math.min(...medians) : undefined;
      const cells = cols.map((c) => {
        const s = row.cells.get(c);
        return timeCell(s, s && viewScenario(s, cores.get(c) ?? Number.POSITIVE_INFINITY), fastest);
      });
      return `<tr><th>${esc(strategyLabel(row))}</th>${cells.join("")}</tr>`;
    })
    .join("");
  return `<table class="results"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function scalingCharts(t: WorkloadTable, cols: string[], cores: Map<string, number>): LineChart[] {
  const workerRows = t.rows.filter((r) => r.strategy === "workers");
  if (workerRows.length === 0) return [];
  const x = workerRows.map((r) => r.threads);
  // A suspect ratio is no point on a speed-up curve.
  const pick = (c: string, f: (v: ScenarioView) => number | undefined) =>
    workerRows.map((r) => {
      const s = r.cells.get(c);
      return s?.status === "ok" ? (f(viewScenario(s, cores.get(c) ?? Number.POSITIVE_INFINITY)) ?? null) : null;
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

/** One run per strategy (the widest thread count of each), for each runtime, on one time axis. */
function timelines(t: WorkloadTable, cols: string[]): string {
  const parts: string[] = [];
  const picks = [
    t.rows.find((r) => r.strategy === "sequential"),
    t.rows.find((r) => r.strategy === "interleaved" && r.variant === "messageChannel"),
    ...(["workers", "shared", "processes"] as const).map((st) => t.rows.filter((r) => r.strategy === st).at(-1)),
  ];
  for (const c of cols) {
    const runs = picks
      .map((r) => (r ? { row: r, s: r.cells.get(c) } : undefined))
      .filter((x): x is { row: WorkloadTable["rows"][number]; s: Scenario } => !!x?.s?.timeline?.length);
    if (runs.length === 0) continue;
    const span = Math.max(...runs.flatMap((r) => r.s.timeline!.map((rec) => rec.end)));
    parts.push(
      `<h4>${esc(c)}</h4>` +
        runs
          .map((r) => `<div class="timeline"><div class="tl-label">${esc(strategyLabel(r.row))}</div>${gantt(r.s.timeline!, span, r.row.strategy)}</div>`)
          .join(""),
    );
  }
  if (parts.length === 0) return "";
  return `<details open><summary>Timeline of one run (warm-up): which call ran on which thread, when</summary>${parts.join("")}</details>`;
}

function workloadSection(t: WorkloadTable, cols: string[], cores: Map<string, number>, charts: LineChart[]): string {
  const mine = scalingCharts(t, cols, cores);
  charts.push(...mine);
  return `<section class="workload" id="w-${slug(t.workload)}">
<h3>${esc(t.workload)}: ${esc(t.title)} <span class="size">N = ${esc(t.sizes.join(", "))}</span></h3>
<p>${esc(t.description)}</p>
${workloadTable(t, cols, cores)}
<div class="charts">${mine.map(chartSlot).join("")}</div>
${timelines(t, cols)}
</section>`;
}

/** Our own prose: escaped, with its `code` spans as <code>. */
function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function htmlTable(t: Table): string {
  const head = `<tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`;
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`).join("");
  return `<div class="exp-table" id="t-${esc(t.id)}"><h4>${prose(t.title)}</h4><p class="note">${prose(t.note)}</p><table><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

/** Payload throughput by size, one chart per transport and shape, a line per runtime (log–log). */
function payloadCharts(set: ResultSet): LineChart[] {
  const results = set.results.filter((r) => r.experiments?.overheads?.payload.length);
  if (results.length === 0) return [];
  const kinds = [...new Set(results.flatMap((r) => r.experiments!.overheads!.payload.map((p) => `${p.transport}|${p.shape}`)))];
  const sizes = [...new Set(results.flatMap((r) => r.experiments!.overheads!.payload.map((p) => p.bytes)))].sort((a, b) => a - b);
  return kinds.map((kind) => {
    const [transport, shape] = kind.split("|") as [string, string];
    return {
      id: `chart-payload-${slug(kind)}`,
      title: `${transport} · ${shape}: throughput by payload size`,
      xLabel: "payload (bytes)",
      yLabel: "MB/s",
      x: sizes,
      logX: true,
      logY: true,
      series: results.map((r) => ({
        label: columnKey(r, set),
        values: sizes.map((b) => r.experiments!.overheads!.payload.find((p) => `${p.transport}|${p.shape}` === kind && p.bytes === b)?.mbPerSecond ?? null),
      })),
    };
  });
}

function overheads(set: ResultSet, charts: LineChart[]): string {
  const rows: string[] = [];
  for (const r of set.results) {
    const col = columnKey(r, set);
    for (const s of r.scenarios) {
      if (s.status !== "ok") continue;
      rows.push(
        `<tr><td>${esc(col)}</td><td>${esc(s.workload)}</td><td>${esc(strategyLabel(s))}</td><td>${s.startupMs !== undefined ? esc(ms(s.startupMs)) : "–"}</td><td>${s.eventLoopLagMs ? `${esc(ms(s.eventLoopLagMs.p50))} / ${esc(ms(s.eventLoopLagMs.p99))} / ${esc(ms(s.eventLoopLagMs.max))}` : "–"}</td><td>${esc(bytes(s.memory?.peakRssBytes))}</td><td>${esc(bytes(s.memory?.peakHeapUsedBytes))}</td></tr>`,
      );
    }
  }
  const mine = payloadCharts(set);
  charts.push(...mine);
  const tables = [overheadsTable(set), payloadTable(set)].filter((t): t is Table => !!t).map(htmlTable).join("");
  return `<section id="overheads"><h2>Overheads</h2>
${tables}
<div class="charts">${mine.map(chartSlot).join("")}</div>
<p><b>Per scenario.</b> <b>Start-up</b> is the time to start a pool's workers and hear back from each once. <b>Event-loop lag</b> is how late a 10 ms timer on the calling thread fired during the timed samples (p50 / p99 / max): with <code>sequential</code> the thread is busy computing and the lag is the whole run; with workers the calling thread stays free. <b>Peak memory</b> is the process's resident set and the calling thread's JS heap where the runtime reports them.</p>
<details><summary>Per scenario (${rows.length} rows)</summary>
<table><thead><tr><th>runtime</th><th>workload</th><th>strategy</th><th>start-up</th><th>event-loop lag p50 / p99 / max</th><th>peak RSS</th><th>peak heap</th></tr></thead><tbody>${rows.join("")}</tbody></table></details>
</section>`;
}

function concepts(set: ResultSet): string {
  const runtimes = new Set(set.results.map((r) => r.runtime.name as string));
  const byConcept = conceptTables(set);
  const cards = CONCEPTS.map((c) => {
    const impl = Object.entries(c.implementation)
      .map(([rt, text]) => `<li class="${runtimes.has(rt) ? "" : "absent"}"><b>${esc(rt)}</b>: ${prose(text)}</li>`)
      .join("");
    const tables = byConcept[c.id] ?? [];
    return `<article class="concept" id="c-${esc(c.id)}"><h3>${esc(c.title)}</h3>
<p><b>What it is.</b> ${prose(c.definition)}</p>
<p><b>When it helps.</b> ${prose(c.useCase)}</p>
<p><b>How each runtime does it.</b></p><ul>${impl}</ul>
<p><b>How threadlab measures it.</b> ${prose(c.scenario)}</p>
<p><b>What it costs.</b> ${prose(c.overheads)}</p>
${tables.length ? tables.map(htmlTable).join("") : `<p class="where">Not measured by this run's plan.</p>`}</article>`;
  }).join("");
  const errors = experimentErrors(set).map((e) => `<p class="failure">✗ ${esc(e)}</p>`).join("");
  return `<section id="concepts"><h2>The four concepts</h2>${errors}${cards}</section>`;
}

/** The race of the pools, where `threadlab pools` wrote one beside the results. */
function pools(set: ResultSet): string {
  if (set.pools.length === 0) return "";
  const present = new Set(set.pools.flatMap((p) => p.contenders.map((c) => c.name.split("@")[0]!)));
  const profiles = POOL_PROFILES.filter(([name]) => present.has(name))
    .map(([name, text]) => `<li><b>${esc(name)}</b>: ${prose(text)}</li>`)
    .join("");
  return `<section id="pools"><h2>Choosing a pool</h2>
${poolFindings(set).map((f) => `<p>${esc(f)}</p>`).join("")}
${poolsTables(set).map(htmlTable).join("")}
<p><b>What else each offers</b> (from each project's documentation):</p><ul>${profiles}</ul>
</section>`;
}

/** The whole report as one self-contained HTML document: no network, every string escaped. */
export function renderHtml(set: ResultSet, generatedAt = new Date()): string {
  const cols = columns(set);
  const tables = collate(set);
  const charts: LineChart[] = [];
  const cores = columnCores(set);
  const sections = tables.map((t) => workloadSection(t, cols, cores, charts)).join("");
  const nav = [
    `<a href="#findings">Findings</a>`,
    `<a href="#machine">Machine</a>`,
    `<a href="#how-to-read">How to read</a>`,
    ...tables.map((t) => `<a href="#w-${slug(t.workload)}">${esc(t.workload)}</a>`),
    ...(costTables(set).length ? [`<a href="#${COST_SECTION.id}">Break-even, one core</a>`] : []),
    `<a href="#overheads">Overheads</a>`,
    ...(set.pools.length ? [`<a href="#pools">Choosing a pool</a>`] : []),
    `<a href="#concepts">Concepts</a>`,
  ].join(" · ");
  const { js, css } = uplotAssets();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>threadlab report</title>
<style>${css}</style><style>${STYLE}</style>
</head><body>
<nav>${nav}</nav>
<main>
${header(set, generatedAt)}
${howToRead()}
<section id="results"><h2>Results</h2>${sections}</section>
${costSection(set, charts, htmlTable)}
${overheads(set, charts)}
${pools(set)}
${concepts(set)}
</main>
<script>${js}</script>
${chartScript(charts)}
</body></html>
`;
}
