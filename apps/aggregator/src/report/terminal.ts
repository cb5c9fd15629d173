import pc from "picocolors";
import { grid } from "../text-grid.ts";
import { strategyLabel } from "./collate.ts";
import { busyNotes, rowNotes, scalingCell, timeCell } from "./format.ts";
import type { ReportModel } from "./model.ts";

/** A compact coloured summary: per workload, median (CI), samples and speed-up for each runtime; suspect rows with their reason. */
export function renderTerminal(model: ReportModel): string {
  const runtimes = model.columns;
  const out: string[] = [];
  for (const f of model.failures) out.push(pc.red(`✗ ${f.runtime} failed: ${f.message}`));
  const found = model.findings;
  if (found.length) out.push(pc.bold("Findings"), ...found.map((f) => `  • ${f.text}`));
  for (const t of model.workloads) {
    out.push("", pc.bold(`${t.workload} (N=${t.sizes.join(",")})`));
    const head = ["", ...runtimes.map((r) => pc.cyan(r))];
    const rows = t.rows.map((row) => [
      strategyLabel(row),
      ...runtimes.map((r) => {
        const s = row.cells.get(r);
        if (s?.status === "skipped") return pc.dim(timeCell(s));
        if (s && s.status !== "ok") return pc.red(timeCell(s));
        const view = row.views.get(r);
        const speed = scalingCell(view);
        const eff = view?.efficiency;
        const colour = view?.suspect ? pc.magenta : eff === undefined ? pc.dim : eff >= 0.8 ? pc.green : eff >= 0.5 ? pc.yellow : pc.red;
        const time = timeCell(s, view);
        return `${view?.noisy ? pc.yellow(time) : time}${speed !== "–" ? ` ${colour(speed)}` : ""}`;
      }),
    ]);
    out.push(grid([head, ...rows]));
    for (const [row, note] of rowNotes(t, runtimes, (v) => v.suspect)) out.push(pc.magenta(`  suspect: ${row}: ${note}`));
    for (const [r, reason] of busyNotes(t, runtimes)) out.push(pc.yellow(`  ${r}: ${reason}`));
    for (const [row, note] of rowNotes(t, runtimes, (v) => v.warming)) out.push(pc.yellow(`  still warming, ${row}: ${note}`));
  }
  for (const t of model.costTables) out.push("", pc.bold(t.title), grid([t.head.map((h) => pc.cyan(h)), ...t.rows]));
  const pools = model.pools?.findings ?? [];
  if (pools.length) out.push("", pc.bold("Choosing a pool"), ...pools);
  return `${out.join("\n")}\n`;
}
