import { machineTag, strategyLabel } from "./collate.ts";
import { cellDetails, cellFace, cellFlagged, cellMarks } from "./cells.ts";
import { HOW_TO_READ, paragraphs, type PlainSpan } from "./format/how-to-read.ts";
import { planLine } from "./format/plan-line.ts";
import type { Table } from "./format/table.ts";
import { bytes, pct, ratioText } from "./format/units.ts";
import type { ReportModel, ViewedTable } from "./model.ts";
import { SECTION } from "./sections.ts";
import { wrap } from "../text-grid.ts";

/** The widest line of prose report.md writes (tables are as wide as their cells). */
export const MD_COLUMNS = 120;
/** The most columns a table has; wider ones are split, runtime by runtime. */
export const MD_TABLE_COLUMNS = 8;

/** Our own prose (concept texts): keeps its `code` spans; only table pipes and newlines are made safe. */
function prose(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Escapes text from result files for a GFM table cell or line. */
function md(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** A span of our own structured text (format/how-to-read.ts). */
function span(s: PlainSpan): string {
  if (typeof s === "string") return prose(s);
  if ("strong" in s) return `**${md(s.strong)}**`;
  if ("code" in s) return `\`${s.code}\``;
  return `**${md(s.text)}**`;
}

/** A paragraph wrapped at MD_COLUMNS. */
function para(text: string): string[] {
  return [...wrap(text, MD_COLUMNS), ""];
}

/** A list item wrapped at MD_COLUMNS, its continuation lines indented under it. */
function item(text: string, bullet = "- "): string[] {
  return wrap(text, MD_COLUMNS, bullet, " ".repeat(bullet.length));
}

function table(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line), ""];
}

/**
 * A table of a label column and one column per runtime (or more), split
 * into tables of at most MD_TABLE_COLUMNS columns, each repeating the label
 * column: 13 columns scrolled sideways at GitHub's width.
 */
function splitTable(head: string[], rows: string[][]): string[] {
  const per = MD_TABLE_COLUMNS - 1;
  const body = head.length - 1;
  if (body <= per) return table(head, rows);
  const out: string[] = [];
  for (let from = 1; from <= body; from += per) {
    const pick = (r: string[]) => [r[0]!, ...r.slice(from, from + per)];
    out.push(...table(pick(head), rows.map(pick)));
  }
  return out;
}

function tableBlock(t: Table, level: "###" | "####"): string[] {
  return [`${level} ${prose(t.title)}`, "", ...para(prose(t.note)), ...splitTable(t.head.map(md), t.rows.map((r) => r.map(md)))];
}

/** One workload's table: median and speed-up on each cell, a footnote on every flagged cell with its interval, n and reason. */
function workloadBlock(t: ViewedTable, runtimes: string[], notes: string[]): string[] {
  const out = [`### ${md(t.workload)}: ${md(t.title)} (N = ${t.sizes.join(", ")})`, ""];
  if (t.description) out.push(...para(md(t.description)));
  const rows = t.rows.map((row) => [
    md(strategyLabel(row)),
    ...runtimes.map((r) => {
      const s = row.cells.get(r);
      const view = row.views.get(r);
      const face = cellFace(s, view);
      const text = `${face.time}${face.ratio ? ` · ${face.ratio}` : ""}${cellMarks(view)}`;
      if (!cellFlagged(s, view)) return md(text);
      notes.push(`${r} ${t.workload} ${strategyLabel(row)}: ${cellDetails(s, view)}`);
      return `${md(text)}[^${notes.length}]`;
    }),
  ]);
  out.push(...splitTable(["strategy", ...runtimes.map(md)], rows));
  return out;
}

/** The overview: the thread pool's speed-up at n = cores per workload and runtime, then the pools race. */
function overviewBlock(model: ReportModel): string[] {
  const o = model.overview;
  if (o.rows.length === 0 && model.poolsRace.length === 0) return [];
  const counts = [...new Set(o.rows.flatMap((r) => [...r.cells.values()].map((c) => c.threads)))];
  const rows = o.rows.map((r) => [
    md(r.workload),
    ...o.columns.map((c) => {
      const cell = r.cells.get(c);
      if (!cell) return "–";
      if (cell.status !== "ok") return cell.status === "skipped" ? "n/a" : "FAILED";
      if (cell.view?.suspect) return "suspect";
      if (!cell.speedup) return "–";
      const eff = cell.efficiency === undefined ? "" : ` · ${pct(cell.efficiency)}`;
      return md(`${ratioText(cell.speedup.value)}${eff}${cellMarks(cell.view)}`);
    }),
  ]);
  if (model.service?.overview.size) {
    rows.push([`${model.service.overviewLabel}: pool vs inline`, ...o.columns.map((c) => md(model.service!.overview.get(c) ?? "–"))]);
  }
  if (model.poolsRace.length) {
    rows.push(["pools race: vs best peer", ...o.columns.map((c) => {
      const p = model.poolsRace.find((x) => x.runtime === c);
      return p ? `${p.vsBestPeer.toFixed(1)}×` : "–";
    })]);
  }
  return [
    `## ${SECTION.overview.title}`,
    "",
    ...para(
      `Speed-up of workers(n) over sequential at ${counts.length === 1 ? `n = ${counts[0]}` : "n = each runtime's cores"}, and its efficiency; ` +
        "~ noisy, ! busy machine, * still warming (the results below say why).",
    ),
    ...splitTable(["workload", ...o.columns.map(md)], rows),
  ];
}

/** report.md: the same sections as report.html, in the same order, for an issue or a README. */
export function renderMarkdown(model: ReportModel): string {
  const runtimes = model.columns;
  const out: string[] = ["# threadlab report", ""];
  out.push(...para(`Generated ${model.generatedAt.toISOString()} from ${model.resultCount} result file(s).`));
  for (const f of model.failures) out.push(...item(`**${md(f.runtime)} failed** (${md(f.at)}): ${md(f.message)}`));
  if (model.failures.length) out.push("");

  if (model.verdicts.length) {
    out.push(`## ${SECTION.verdict.title}`, "");
    for (const v of model.verdicts) out.push(...item(`**${v.question}:** ${md(v.answer)} ([details](#${v.section}))`));
    out.push("");
  }
  out.push(...overviewBlock(model));

  if (model.findings.length) out.push(`## ${SECTION.findings.title}`, "", ...model.findings.flatMap((f) => item(md(f.text))), "");

  out.push(`## ${SECTION.results.title}`, "");
  out.push(...para("Each cell: the median time and the speed-up over the same runtime's `sequential`; a footnote gives a flagged cell's interval, samples and reason (see How to read this)."));
  const notes: string[] = [];
  for (const t of model.workloads) {
    out.push(...workloadBlock(t, runtimes, notes));
  }
  const errors = model.experimentErrors;
  if (errors.length) out.push("### Experiments that failed", "", ...errors.flatMap((e) => item(md(e))), "");

  const costs = model.costTables;
  if (costs.length) out.push(`## ${SECTION.worthIt.title}`, "", ...costs.flatMap((t) => tableBlock(t, "###")));

  const overheads = model.overheadTables;
  if (overheads.length) out.push(`## ${SECTION.overheads.title}`, "", ...overheads.flatMap((t) => tableBlock(t, "###")));

  if (model.service) {
    out.push(`## ${SECTION.service.title}`, "");
    for (const f of model.service.findings) out.push(...para(md(f)));
    for (const t of model.service.tables) out.push(...tableBlock(t, "###"));
  }

  if (model.pools) {
    out.push(`## ${SECTION.pools.title}`, "");
    for (const f of model.pools.findings) out.push(...para(md(f))); // carries names and errors from result files
    for (const t of model.pools.tables) out.push(...tableBlock(t, "###"));
    out.push("**What else each offers** (from each project's documentation):", "");
    for (const [name, text] of model.pools.profiles) out.push(...item(`**${name}**: ${prose(text)}`));
    out.push("");
  }

  out.push(`## ${SECTION.concepts.title}`, "");
  for (const { concept: c, tables } of model.concepts) {
    out.push(`### ${md(c.title)}`, "");
    out.push(...para(`**What it is.** ${prose(c.definition)}`), ...para(`**When it helps.** ${prose(c.useCase)}`));
    out.push("**How each runtime does it.**", "");
    for (const [rt, text] of Object.entries(c.implementation)) if (model.present.has(rt)) out.push(...item(`**${rt}**: ${prose(text)}`));
    out.push("", ...para(`**How threadlab measures it.** ${prose(c.scenario)}`), ...para(`**What it costs.** ${prose(c.overheads)}`));
    if (tables.length === 0) out.push("_Not measured by this run's plan._", "");
    for (const t of tables) out.push(...tableBlock(t, "####"));
  }

  out.push(`## ${SECTION.machine.title}`, "");
  out.push(
    ...table(
      ["machine", "CPU", "cores", "memory", "OS"],
      model.machines.map((r) => [md(machineTag(r)), md(r.machine.cpuModel), String(r.machine.cores), bytes(r.machine.memoryBytes), md(`${r.machine.os} ${r.machine.arch}`)]),
    ),
    ...table(
      ["runtime", "version", "engine", "ran at", "scenarios ok"],
      model.runtimesByColumn.map(({ column, result: r, ok, ran }) => [
        md(column),
        md(r.runtime.version),
        md(`${r.runtime.engine}${r.runtime.engineVersion ? ` ${r.runtime.engineVersion}` : ""}`),
        md(r.startedAt),
        `${ok}/${ran}`,
      ]),
    ),
  );
  const plan = model.plans[0];
  if (plan) out.push(...para(`Plan: ${md(planLine(plan))}.`));

  out.push(`## ${SECTION.howToRead.title}`, "");
  out.push(...paragraphs(HOW_TO_READ, "md").flatMap((p) => para(p.map(span).join(""))));
  if (notes.length) {
    out.push(...notes.flatMap((n, i) => wrap(md(n), MD_COLUMNS, `[^${i + 1}]: `, "    ")), "");
  }
  return `${out.join("\n")}\n`;
}
