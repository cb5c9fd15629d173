import pc from "picocolors";
import { ms } from "../report/format.ts";
import { grid } from "../text-grid.ts";
import { checkRange, type MachineFigures } from "../report/machine-figures.ts";
import { tally, type Comparison, type Verdict } from "./compare-results.ts";

const COLOUR: Record<Verdict, (s: string) => string> = { same: pc.dim, noise: pc.yellow, faster: pc.green, slower: pc.red };
const pct = (x: number) => (Number.isNaN(x) ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`);
/** How far a row moved, for sorting: a change with no ratio (from a median of 0) sorts first. */
const moved = (x: number) => (Number.isNaN(x) ? Infinity : Math.abs(x));

/** The comparison for a terminal: the rows that moved past the threshold first, then a one-line verdict. */
export function renderComparison(c: Comparison, before: string, after: string): string {
  const rows = [...c.rows].sort((x, y) => moved(y.change) - moved(x.change) || 0);
  const head = ["runtime", "workload", "row", "before", "after", "change", ""].map((h) => pc.cyan(h));
  const body = rows.map((r) => {
    const colour = COLOUR[r.verdict];
    const verdict = [r.verdict === "same" ? "" : r.verdict, r.busy ? "busy machine" : ""].filter(Boolean).join(", ");
    return [r.runtime, r.workload, r.row, ms(r.beforeMs), ms(r.afterMs), colour(pct(r.change)), colour(verdict)];
  });
  const t = tally(c);
  const within = t.same / c.rows.length;
  const lines = [
    pc.bold(`threadlab compare: ${before} → ${after}`),
    grid([head, ...body]),
    "",
    `${t.same} of ${c.rows.length} scenarios within ±${c.thresholdPct}% (${(within * 100).toFixed(0)}%).` +
      ` Beyond it: ${t.noise} within the noise (their 95% intervals overlap), ${t.faster} faster and ${t.slower} slower beyond their intervals.`,
    pc.dim(
      "A second run of the same plan shows how far this machine's figures move by themselves: a change smaller than that is not a result.",
    ),
  ];
  for (const m of c.machine) {
    const side = (f: MachineFigures | null) => (f ? `${f.threads} threads ${checkRange(f)}` : "not checked");
    lines.push(`Machine checks, ${m.runtime} (independent threads together against one): ${side(m.before)} → ${side(m.after)}.`);
  }
  if (c.unmatched.length) lines.push(pc.dim(`Measured in one folder only: ${c.unmatched.join(", ")}.`));
  return lines.join("\n");
}
