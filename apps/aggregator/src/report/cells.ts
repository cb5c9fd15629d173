import type { Scenario } from "@threadlab/core";
import { ms, pct, ratioText } from "./format/units.ts";
import type { ScenarioView } from "./scenario-view.ts";

/**
 * What one results cell says, decided once for every rendering: the median
 * and the ratio on the cell; the interval, n, flags and reasons behind it (a
 * tooltip in HTML, a footnote in Markdown).
 */

/** Why a cell failed: "wrong answer" where its output was checked and wrong, else the error's message. */
export function failureReason(s: Scenario): string {
  if (s.error?.name === "VerificationError") return "wrong answer";
  return s.error?.message ?? "failed";
}

/**
 * "1.96× · 98%": speed-up and efficiency against sequential in the same run,
 * each only where it means something. A suspect row never shows a speed-up:
 * "suspect: 1.38× sequential".
 */
export function scalingCell(view: ScenarioView | undefined): string {
  if (!view || view.ratio === undefined) return "–";
  if (view.suspect) return `suspect: ${ratioText(view.ratio)} sequential`;
  if (view.speedup === undefined) return "–";
  const speedup = ratioText(view.speedup);
  return view.efficiency === undefined ? speedup : `${speedup} · ${pct(view.efficiency)}`;
}

export function karpFlattCell(view: ScenarioView | undefined): string {
  return view?.karpFlatt === undefined ? "–" : view.karpFlatt.toFixed(3);
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
  if (view?.efficiency !== undefined) parts.push(`efficiency ${pct(view.efficiency)}`);
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
