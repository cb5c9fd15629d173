import type { Plan, Scenario } from "@threadlab/core";
import { strategyLabel } from "./collate.ts";
import type { ViewedTable } from "./model.ts";
import type { ScenarioView } from "./scenario-view.ts";

/** "1.74×", "0.46×", and below 0.01 "×1/300" (never "0.00×"). */
export function ratioText(r: number): string {
  if (!(r > 0) || !Number.isFinite(r)) return "–";
  if (r < 0.01) return `×1/${Math.round(1 / r).toLocaleString("en-US")}`;
  return `${r.toFixed(2)}×`;
}

export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** "501 ms (498–503)": median and its 95% CI; with a view, the sampling flags after it; failures say so and never show a time. */
export function timeCell(s: Scenario | undefined, view?: ScenarioView): string {
  if (!s) return "–";
  if (s.status === "skipped") return "n/a";
  if (s.status !== "ok" || !s.summary) return `FAILED: ${failureReason(s)}`;
  const { median, ci } = s.summary;
  const flags = view ? samplingFlags(view) : "";
  return `${ms(median)} (${ms(ci.low)}–${ms(ci.high)})${flags ? ` · ${flags}` : ""}`;
}

/** "n 7", "n 5, noisy ±8.1%", "n 9, 2 outliers", "n 5, busy machine", "n 5, still warming": how much the median rests on. */
export function samplingFlags(view: ScenarioView): string {
  if (view.n === undefined) return "";
  const parts = [`n ${view.n}`];
  if (view.noisy) parts.push(`noisy ±${view.halfWidth === undefined ? "?" : (view.halfWidth * 100).toFixed(1)}%`);
  if (view.outliers) parts.push(`${view.outliers} outlier${view.outliers === 1 ? "" : "s"}`);
  if (view.busy) parts.push("busy machine");
  if (view.warming) parts.push("still warming");
  return parts.join(", ");
}

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
  return view.efficiency === undefined ? speedup : `${speedup} · ${(view.efficiency * 100).toFixed(0)}%`;
}

export function karpFlattCell(view: ScenarioView | undefined): string {
  return view?.karpFlatt === undefined ? "–" : view.karpFlatt.toFixed(3);
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** The plan in one line: preset, sampling rule, thread counts. */
export function planLine(plan: Plan): string {
  return (
    `preset ${plan.preset}; at least ${plan.samples} timed samples per scenario after ${plan.warmup}+ warm-up run(s), ` +
    `then until the median's 95% CI is within ±${(plan.precision * 100).toFixed(1)}% or the scenario's share of ${(plan.budgetMs / 1000).toFixed(0)} s is spent; ` +
    `threads ${plan.threads.join(", ")}`
  );
}

/** Each row whose view has a note (`pick`: its suspect or warming reason), as "runtime strategy" and the note: the notes under a workload's table. */
export function rowNotes(t: ViewedTable, runtimes: readonly string[], pick: (view: ScenarioView) => string | undefined): Array<[row: string, note: string]> {
  return t.rows.flatMap((row) =>
    runtimes.flatMap((r) => {
      const view = row.views.get(r);
      const note = view && pick(view);
      return note ? [[`${r} ${strategyLabel(row)}`, note] as [string, string]] : [];
    }),
  );
}

/**
 * How to read the "busy machine" and "still warming" flags, for the report's
 * opening in Markdown and HTML alike: `mark` sets a flag's name apart, and
 * `where` says where each rendering puts the check's figure and the halves' medians.
 */
export function flagsExplained(mark: (flag: string) => string, where: { check: string; halves: string }): string {
  return (
    "Before the first and after the last parallel row of each workload (after the last only in the smoke and quick presets) the runner checks how much parallel speed the machine gives (as many threads as cores spinning together, against one alone); " +
    `when that fell below 80% of the cores a row could use, the workload's parallel rows say ${mark("busy machine")}, with the check's figure ${where.check}. ` +
    "Samples that kept falling (a one-sided Mann-Kendall test at 5%, and a fall larger than the precision) were still warm-up: their first half is taken as such and sampling goes on, twice at most; " +
    `a row still falling then says ${mark("still warming")}, with both halves' medians ${where.halves}.`
  );
}

/** Each runtime whose machine checks found the machine busy during this workload, with the reason (once per runtime, not per row). */
export function busyNotes(t: ViewedTable, runtimes: readonly string[]): Array<[runtime: string, reason: string]> {
  return runtimes.flatMap((r) => {
    const reason = t.rows.map((row) => row.views.get(r)?.busy).find((b) => b !== undefined);
    return reason ? [[r, reason] as [string, string]] : [];
  });
}
