import pc from "picocolors";
import { ms } from "../report/format/units.ts";
import { grid } from "../text-grid.ts";
import { checkRange, type MachineFigures } from "../report/machine-figures.ts";
import { tally, withinThreshold, type Comparison, type Measured, type ScenarioChange, type Verdict } from "./compare-results.ts";

const COLOUR: Record<Verdict, (s: string) => string> = { "no change": pc.dim, faster: pc.green, slower: pc.red };
const pct = (x: number) => (Number.isNaN(x) ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`);
/** How far a row moved, for sorting: a change with no ratio (from a figure of 0) sorts first. */
const moved = (x: number) => (Number.isNaN(x) ? Infinity : Math.abs(x));

/** "1.82× (1.80–1.86)" or "52.0 ms (51.0–53.0)". */
function figure(measure: ScenarioChange["measure"], m: Measured): string {
  if (measure === "speed-up") return `${m.value.toFixed(2)}× (${m.low.toFixed(2)}–${m.high.toFixed(2)})`;
  return `${ms(m.value)} (${ms(m.low)}–${ms(m.high)})`;
}

/** The comparison for a terminal: the rows that changed first, then by how far they moved, then the verdict and the threshold. */
export function renderComparison(c: Comparison, before: string, after: string): string {
  const rank = (r: ScenarioChange) => (r.verdict === "no change" ? 1 : 0);
  const rows = [...c.rows].sort((x, y) => rank(x) - rank(y) || moved(y.change) - moved(x.change));
  const head = ["runtime", "workload", "row", "before", "after", "change", ""].map((h) => pc.cyan(h));
  const body = rows.map((r) => {
    const colour = COLOUR[r.verdict];
    const verdict = [r.verdict === "no change" ? "" : r.verdict, r.busy ? "busy machine" : ""].filter(Boolean).join(", ");
    return [r.runtime, r.workload, r.row, figure(r.measure, r.before), figure(r.measure, r.after), colour(pct(r.change)), colour(verdict)];
  });
  const t = tally(c);
  const ratios = withinThreshold(c, "speed-up");
  const lines = [
    pc.bold(`threadlab compare: ${before} → ${after}`),
    grid([head, ...body]),
    "",
    `Noise threshold ±${c.thresholdPct}% (--threshold): a row changed only where its two 95% intervals do not overlap and it moved by more than that.`,
    `${t.faster} faster, ${t.slower} slower; no change detected in the other ${t["no change"]} of ${c.rows.length}.`,
    ...(ratios.of ? [`Speed-ups (each measured in pairs with its own run's baseline): ${ratios.within} of ${ratios.of} within ±${c.thresholdPct}%.`] : []),
    pc.dim(
      "A row's speed-up is compared where it has one; times (the baselines) move with the machine between runs, ratios measured in pairs should not. A second run of the same plan shows how far this machine's figures move by themselves.",
    ),
  ];
  for (const m of c.machine) {
    const side = (f: MachineFigures | null) => (f ? `${f.threads} threads ${checkRange(f)}` : "not checked");
    lines.push(`Machine checks, ${m.runtime} (independent threads together against one): ${side(m.before)} → ${side(m.after)}.`);
  }
  if (c.unmatched.length) lines.push(pc.dim(`Measured in one folder only: ${c.unmatched.join(", ")}.`));
  return lines.join("\n");
}
