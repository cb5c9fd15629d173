import type { Scenario } from "@threadlab/core";

export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** "501 ms (498–503)": median and its 95% CI; failures say so and never show a time. */
export function timeCell(s: Scenario | undefined): string {
  if (!s) return "–";
  if (s.status === "skipped") return "n/a";
  if (s.status !== "ok" || !s.summary) return `FAILED: ${failureReason(s)}`;
  const { median, ci } = s.summary;
  return `${ms(median)} (${ms(ci.low)}–${ms(ci.high)})`;
}

export function failureReason(s: Scenario): string {
  if (s.error?.name === "VerificationError") return "wrong answer";
  return s.error?.message ?? "failed";
}

/** "1.96× · 98%" speed-up and efficiency against sequential in the same run. */
export function scalingCell(s: Scenario | undefined): string {
  if (!s?.scaling || s.status !== "ok") return "–";
  const { speedup, efficiency } = s.scaling;
  return `${speedup.value.toFixed(2)}× · ${(efficiency * 100).toFixed(0)}%`;
}

export function karpFlattCell(s: Scenario | undefined): string {
  const e = s?.scaling?.karpFlatt;
  return e === undefined || s?.status !== "ok" ? "–" : e.toFixed(3);
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
