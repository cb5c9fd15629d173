import { strategyLabel } from "./collate.ts";
import { COST_SECTION } from "./experiment-sections.ts";
import type { Table } from "./experiment-tables.ts";
import { busyNotes, bytes, flagsExplained, karpFlattCell, planLine, rowNotes, scalingCell, timeCell } from "./format.ts";
import type { ReportModel } from "./model.ts";
import type { ScenarioView } from "./scenario-view.ts";

/** Our own prose (concept texts): keeps its `code` spans; only table pipes and newlines are made safe. */
function prose(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Escapes text from result files for a GFM table cell or line. */
function md(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

function tableBlock(t: Table): string[] {
  return [`#### ${prose(t.title)}`, "", prose(t.note), "", table(t.head.map(md), t.rows.map((r) => r.map(md))), ""];
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

export function renderMarkdown(model: ReportModel): string {
  const runtimes = model.columns;
  const out: string[] = ["# threadlab report", ""];
  out.push(`Generated ${model.generatedAt.toISOString()} from ${model.resultCount} result file(s).`, "");
  const found = model.findings;
  if (found.length) out.push("## Findings", "", ...found.map((f) => `- ${md(f.text)}`), "");

  out.push("## Machine and runtimes", "");
  out.push(
    table(
      ["runtime", "version", "engine", "CPU", "cores", "memory", "OS", "ran at", "scenarios ok"],
      model.runtimes.map(({ result: r, ok, ran }) => [
        md(r.runtime.name),
        md(r.runtime.version),
        md(`${r.runtime.engine}${r.runtime.engineVersion ? ` ${r.runtime.engineVersion}` : ""}`),
        md(r.machine.cpuModel),
        String(r.machine.cores),
        bytes(r.machine.memoryBytes),
        md(`${r.machine.os} ${r.machine.arch}`),
        md(r.startedAt),
        `${ok}/${ran}`,
      ]),
    ),
    "",
  );
  for (const f of model.failures) out.push(`- **${md(f.runtime)} failed** (${md(f.at)}): ${md(f.message)}`);
  if (model.failures.length) out.push("");

  const plan = model.plans[0];
  if (plan) {
    out.push(`Plan: ${md(planLine(plan))}.`, "");
  }

  out.push("## Results", "");
  out.push(
    "Each time is the **median** of the timed samples with its **95% confidence interval** in brackets " +
      "(order statistics, no distribution assumed; with few samples the interval is min–max), then **n**, the samples taken: " +
      "sampling goes on until the interval is within the plan's precision of the median or the scenario's time is spent, and a row whose interval stayed wider says **noisy** with its ± width. " +
      "**Outliers** (modified z-score above 3.5) are counted, never dropped. " +
      flagsExplained((flag) => `**${flag}**`, { check: "below the table", halves: "below the table" }) +
      " " +
      "A row marked **suspect** failed the self-check (for CPU work, `workers(1)` and `interleaved` do the same work on one thread as `sequential`, so they must land within 0.9–1.1× of it): its ratio is shown, never as a speed-up, with the reason below the table. " +
      "Every sample's output was checked against the published Benchmarks Game answer; a wrong answer shows as FAILED, never as a time. " +
      "**Speed-up** is the same runtime's `sequential` median divided by this median, measured in the same run; " +
      "**efficiency** is speed-up ÷ threads; **Karp–Flatt** is the experimentally determined serial fraction " +
      "e = (1/S − 1/p) / (1 − 1/p): near 0 the work parallelizes, near 1 it does not. " +
      "Figures that would mean nothing are left out: efficiency and Karp–Flatt for `noop` (all overhead) and `interleaved` (one thread), Karp–Flatt below a speed-up of 1 or past the core count.",
    "",
  );
  for (const t of model.workloads) {
    out.push(`### ${md(t.workload)}: ${md(t.title)} (N = ${t.sizes.join(", ")})`, "");
    if (t.description) out.push(md(t.description), "");
    out.push(
      table(
        ["strategy", ...runtimes.flatMap((r) => [`${md(r)} median (95% CI)`, `${md(r)} speed-up · efficiency`, `${md(r)} Karp–Flatt`])],
        t.rows.map((row) => [
          md(strategyLabel(row)),
          ...runtimes.flatMap((r) => {
            const view = row.views.get(r);
            return [md(timeCell(row.cells.get(r), view)), md(scalingCell(view)), karpFlattCell(view)];
          }),
        ]),
      ),
      "",
    );
    for (const [flag, pick] of [["suspect", (v: ScenarioView) => v.suspect], ["still warming", (v: ScenarioView) => v.warming]] as const) {
      const notes = rowNotes(t, runtimes, pick);
      if (notes.length) out.push(...notes.map(([row, note]) => `- **${flag}**, ${md(row)}: ${md(note)}`), "");
    }
    const busy = busyNotes(t, runtimes);
    if (busy.length) out.push(...busy.map(([r, reason]) => `- **busy machine**, ${md(r)}: ${md(reason)}`), "");
  }
  const errors = model.experimentErrors;
  if (errors.length) out.push("## Experiments that failed", "", ...errors.map((e) => `- ${md(e)}`), "");

  out.push("## The four concepts", "");
  for (const { concept: c, tables } of model.concepts) {
    out.push(`### ${md(c.title)}`, "");
    out.push(`**What it is.** ${prose(c.definition)}`, "", `**When it helps.** ${prose(c.useCase)}`, "");
    out.push("**How each runtime does it.**", "");
    for (const [rt, text] of Object.entries(c.implementation)) if (model.present.has(rt)) out.push(`- **${rt}**: ${prose(text)}`);
    out.push("", `**How threadlab measures it.** ${prose(c.scenario)}`, "", `**What it costs.** ${prose(c.overheads)}`, "");
    if (tables.length === 0) out.push("_Not measured by this run's plan._", "");
    for (const t of tables) out.push(...tableBlock(t));
  }

  const costs = model.costTables;
  if (costs.length) out.push(`## ${COST_SECTION.title}`, "", ...costs.flatMap(tableBlock));

  const overheads = model.overheadTables;
  if (overheads.length) {
    out.push("## Overheads", "");
    for (const t of overheads) out.push(...tableBlock(t));
  }

  if (model.pools) {
    out.push("## Choosing a pool", "");
    for (const f of model.pools.findings) out.push(md(f), ""); // carries names and errors from result files
    for (const t of model.pools.tables) out.push(...tableBlock(t));
    out.push("**What else each offers** (from each project's documentation):", "");
    for (const [name, text] of model.pools.profiles) out.push(`- **${name}**: ${prose(text)}`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
