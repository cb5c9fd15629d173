import pc from "picocolors";
import { grid, wrap } from "../text-grid.ts";
import { cellMarks } from "./cells.ts";
import { pct, ratioText } from "./format/units.ts";
import type { ReportModel } from "./model.ts";
import type { OverviewCell } from "./overview.ts";

/** The widest line the terminal summary prints. */
export const TERMINAL_COLUMNS = 100;

/** "1.82× 91%", with a mark per flag: what one overview cell says in a terminal. */
function cellText(cell: OverviewCell | undefined): string {
  if (!cell) return pc.dim("–");
  if (cell.status === "skipped") return pc.dim("n/a");
  if (cell.status !== "ok") return pc.red("FAILED");
  const v = cell.view;
  if (v?.suspect) return pc.magenta("suspect");
  if (!cell.speedup) return pc.dim("–");
  const marks = cellMarks(v);
  const eff = cell.efficiency;
  const colour = cell.speedup.value < 1 ? pc.red : eff === undefined ? (s: string) => s : eff >= 0.8 ? pc.green : eff >= 0.5 ? pc.yellow : pc.red;
  return `${colour(ratioText(cell.speedup.value))}${eff !== undefined ? ` ${pct(eff)}` : ""}${marks}`;
}

/**
 * The summary a terminal shows, within 100 columns: failures, the verdict,
 * one overview (runtime × workload speed-up at n = cores) and where the
 * findings and full tables are: report.md and report.html.
 */
export function renderTerminal(model: ReportModel, where = "report.md"): string {
  const out: string[] = [];
  for (const f of model.failures) out.push(...wrap(`✗ ${f.runtime} failed: ${f.message}`, TERMINAL_COLUMNS).map((l) => pc.red(l)));
  if (model.verdicts.length) {
    out.push(pc.bold("Verdict"));
    for (const v of model.verdicts) out.push(...wrap(`${v.question}: ${v.answer}`, TERMINAL_COLUMNS, "  • "));
  }
  const o = model.overview;
  if (o.rows.length) {
    const counts = new Set(o.rows.flatMap((r) => [...r.cells.values()].map((c) => c.threads)));
    const n = counts.size === 1 ? ` (n = ${[...counts][0]})` : "";
    out.push("", pc.bold(`Speed-up of workers(n) over sequential at n = cores${n}, and efficiency`));
    const head = ["", ...o.columns.map((c) => pc.cyan(c))];
    const rows = o.rows.map((r) => [r.workload, ...o.columns.map((c) => {
      const cell = r.cells.get(c);
      return counts.size > 1 && cell ? `${cellText(cell)} ${pc.dim(`n=${cell.threads}`)}` : cellText(cell);
    })]);
    if (model.service?.overview.size) rows.push([model.service.overviewLabel, ...o.columns.map((c) => model.service!.overview.get(c) ?? "–")]);
    out.push(grid([head, ...rows]));
    out.push(...wrap("~ noisy (its interval could change the conclusion), ! busy machine, * still warming; suspect rows show no speed-up.", TERMINAL_COLUMNS).map((l) => pc.dim(l)));
  }
  const service = model.service?.findings ?? [];
  if (service.length) {
    out.push("", pc.bold("Used together: a service under load"));
    for (const line of service) out.push(...wrap(line, TERMINAL_COLUMNS));
  }
  const pools = model.pools?.findings ?? [];
  if (pools.length) {
    out.push("", pc.bold("Choosing a pool"));
    for (const line of pools) out.push(...wrap(line, TERMINAL_COLUMNS));
  }
  out.push("", ...wrap(`The findings, every row with its interval, the experiments and the concepts explained: ${where} (and report.html beside it).`, TERMINAL_COLUMNS).map((l) => pc.dim(l)));
  return `${out.join("\n")}\n`;
}
