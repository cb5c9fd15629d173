import type { Scenario } from "@threadlab/core";
import { failureReason, karpFlattCell, ms, ratioText } from "./format.ts";

export { ratioText } from "./format.ts";
import type { ScenarioView } from "./scenario-view.ts";

/**
 * What one results cell says, decided once for every rendering: the median
 * and the ratio on the cell; the interval, n, flags and reasons behind it (a
 * tooltip in HTML, a footnote in Markdown).
 */

/**
 * The background for a ratio against the workload's own sequential run, on
 * one scale for every table: blue the faster (to 4× and beyond), orange the
 * slower (to 1/8 and below), grey within 5% of it. Blue and orange stay
 * apart for readers who do not tell red from green, and slower is never the
 * colour of faster.
 */
export function ratioColour(r: number | undefined): string | undefined {
  if (r === undefined || !(r > 0) || !Number.isFinite(r)) return undefined;
  const l = Math.log2(r);
  if (Math.abs(l) < Math.log2(1.05)) return "hsl(220 10% 94%)";
  const t = l > 0 ? Math.min(1, l / 2) : Math.min(1, -l / 3);
  const lightness = (93 - 25 * t).toFixed(0);
  return l > 0 ? `hsl(210 70% ${lightness}%)` : `hsl(30 90% ${lightness}%)`;
}

/** The marks a cell carries for its flags: ~ noisy, ! busy machine, * still warming. */
export function cellMarks(view: ScenarioView | undefined): string {
  if (!view) return "";
  return `${view.noisy ? "~" : ""}${view.busy ? "!" : ""}${view.warming ? "*" : ""}`;
}

/** What a cell shows on its face: "63.8 ms · 1.74×", "2.50 ms · suspect", "FAILED: wrong answer", "n/a". */
export function cellFace(s: Scenario | undefined, view: ScenarioView | undefined): { time: string; ratio?: string } {
  if (!s) return { time: "–" };
  if (s.status === "skipped") return { time: "n/a" };
  if (s.status !== "ok" || !s.summary) return { time: `FAILED: ${failureReason(s)}` };
  const time = ms(s.summary.median);
  if (view?.suspect) return { time, ratio: "suspect" };
  if (view?.speedup !== undefined) return { time, ratio: ratioText(view.speedup) };
  return { time };
}

/** Everything behind a cell, as one line: interval, n, speed-up with its interval and pairs, efficiency, flags and reasons. */
export function cellDetails(s: Scenario | undefined, view: ScenarioView | undefined): string {
  if (!s) return "";
  if (s.status === "skipped") return s.reason ?? "not applicable";
  if (s.status !== "ok" || !s.summary) return s.error?.message ?? "failed";
  const { median, ci, n } = s.summary;
  const parts = [`median ${ms(median)}, 95% interval ${ms(ci.low)}–${ms(ci.high)}, n ${n}`];
  const sp = s.scaling?.speedup;
  if (view?.suspect) parts.push(`suspect: ${view.suspect}`);
  else if (view?.speedup !== undefined && sp) {
    const pairs = s.scaling?.pairs !== undefined ? ` from ${s.scaling.pairs} pairs` : "";
    parts.push(`speed-up ${ratioText(sp.value)} (${ratioText(sp.low)}–${ratioText(sp.high)})${pairs}`);
  }
  if (view?.efficiency !== undefined) parts.push(`efficiency ${(view.efficiency * 100).toFixed(0)}%`);
  if (view?.karpFlatt !== undefined) parts.push(`Karp–Flatt ${karpFlattCell(view)}`);
  if (view?.noisy) parts.push(`noisy: its interval ${view.halfWidth === undefined ? "is undefined" : `spans ±${(view.halfWidth * 100).toFixed(1)}%`}${s.scaling && sp && sp.low < 1 && sp.high > 1 && view.speedup !== undefined ? " and reaches both sides of 1" : ""}`);
  if (view?.outliers) parts.push(`${view.outliers} outlier${view.outliers === 1 ? "" : "s"} (kept)`);
  if (view?.busy) parts.push(`busy machine: ${view.busy}`);
  if (view?.warming) parts.push(`still warming: ${view.warming}`);
  return parts.join("; ");
}

/** Whether a cell carries anything beyond its face worth a footnote (a flag or a reason). */
export function cellFlagged(s: Scenario | undefined, view: ScenarioView | undefined): boolean {
  return !!s && s.status === "ok" && !!view && (view.noisy || !!view.busy || !!view.warming || !!view.suspect);
}
