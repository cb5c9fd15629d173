import { cellDetails, cellMarks } from "../cells.ts";
import { ratioColour } from "../format/colours.ts";
import { pct, ratioText } from "../format/units.ts";
import type { ReportModel } from "../model.ts";
import type { OverviewCell } from "../overview.ts";
import { SECTION } from "../sections.ts";
import { slug } from "./escape.ts";
import { html, type SafeHtml } from "./template.ts";

/** The first lines: each question's short answer, linked to the section with its evidence. */
export function verdictSection(model: ReportModel): SafeHtml {
  if (model.verdicts.length === 0) return html``;
  const items = model.verdicts.map((v) => html`<li><b>${v.question}:</b> ${v.answer} <a href="#${v.section}">details</a></li>`);
  return html`<section id="${SECTION.verdict.id}"><h2>${SECTION.verdict.title}</h2><ul class="verdict">${items}</ul></section>`;
}

function heatCell(cell: OverviewCell | undefined): SafeHtml {
  if (!cell) return html`<td class="missing">–</td>`;
  if (cell.status === "skipped") return html`<td class="missing">n/a</td>`;
  if (cell.status !== "ok") return html`<td class="failed">FAILED</td>`;
  const title = `${cell.row}: ${cellDetails(cell.scenario, cell.view)}`;
  if (cell.view?.suspect) return html`<td class="suspect-cell" title="${title}">suspect</td>`;
  if (!cell.speedup) return html`<td class="missing" title="${title}">–</td>`;
  const eff = cell.efficiency === undefined ? "" : html`<small>${pct(cell.efficiency)}</small>`;
  return html`<td style="background:${ratioColour(cell.speedup.value) ?? "transparent"}" title="${title}"><b>${ratioText(cell.speedup.value)}</b>${cellMarks(cell.view)}${eff}</td>`;
}

/**
 * Runtime × workload at a glance: the thread pool's speed-up over sequential
 * at n = each runtime's cores, its efficiency, coloured on the one scale
 * every table uses; then the pools race, one figure per runtime.
 */
export function overviewSection(model: ReportModel): SafeHtml {
  const o = model.overview;
  if (o.rows.length === 0 && model.poolsRace.length === 0) return html``;
  const counts = [...new Set(o.rows.flatMap((r) => [...r.cells.values()].map((c) => c.threads)))];
  const n = counts.length === 1 ? `n = ${counts[0]}` : "n = each runtime's cores";
  const head = html`<tr><th>workload</th>${o.columns.map((c) => html`<th>${c}</th>`)}</tr>`;
  const rows = o.rows.map((r) => html`<tr><th><a href="#w-${slug(r.workload)}">${r.workload}</a></th>${o.columns.map((c) => heatCell(r.cells.get(c)))}</tr>`);
  const race = model.poolsRace.length
    ? html`<tr class="extra"><th><a href="#${SECTION.pools.id}">pools race</a></th>${o.columns.map((c) => {
        const p = model.poolsRace.find((x) => x.runtime === c);
        return p ? html`<td title="threadlab's tiny-task rate against the fastest peer's, in the same run">${p.vsBestPeer.toFixed(1)}× <small>best peer</small></td>` : html`<td class="missing">–</td>`;
      })}</tr>`
    : "";
  const service = model.service?.overview.size
    ? html`<tr class="extra"><th><a href="#${SECTION.service.id}">${model.service.overviewLabel}</a></th>${o.columns.map((c) => {
        const figure = model.service!.overview.get(c);
        return figure
          ? html`<td title="a server's peak throughput with the pool ÷ with the kernel inline (in a page: frame p99 inline → pool)">${figure}</td>`
          : html`<td class="missing">–</td>`;
      })}</tr>`
    : "";
  return html`<section id="${SECTION.overview.id}"><h2>${SECTION.overview.title}</h2>
<p class="note">Speed-up of workers(n) over sequential at ${n}, efficiency below it. Blue: faster than sequential; orange: slower; grey: within 5%. ~ noisy, ! busy machine, * still warming; hover a cell for its interval.</p>
<div class="scroll"><table class="heat"><thead>${head}</thead><tbody>${rows}${service}${race}</tbody></table></div></section>`;
}
