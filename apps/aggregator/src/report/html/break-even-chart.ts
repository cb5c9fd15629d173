import type { RuntimeEntry } from "../model.ts";
import type { LineChart } from "./charts.ts";

/**
 * Speed-up of workers(n) over sequential against work per call (log x), and
 * the break-even line at 1×: a line per runtime at its widest worker count
 * (the table has every count; a line per count too would repeat colours).
 */
export function breakEvenChart(runtimesByColumn: readonly RuntimeEntry[]): LineChart | undefined {
  const cols = runtimesByColumn.filter(({ result: r }) => r.experiments?.breakEven?.points.length);
  if (cols.length === 0) return undefined;
  const x = [...new Set(cols.flatMap(({ result: r }) => r.experiments!.breakEven!.points.map((p) => p.taskUs)))].sort((a, b) => a - b);
  const series: LineChart["series"] = cols.flatMap(({ column: c, result: r }) => {
    const be = r.experiments!.breakEven!;
    const n = Math.max(...be.threads);
    return [{ label: `${c} workers(${n})`, values: x.map((us) => be.points.find((p) => p.taskUs === us)?.workers.find((w) => w.threads === n)?.speedup?.value ?? null) }];
  });
  series.push({ label: "break-even (1×)", values: x.map(() => 1), reference: true });
  return {
    id: "chart-break-even",
    title: "Speed-up over sequential by work per call",
    xLabel: "work per call (µs, log)",
    yLabel: "speed-up (×)",
    x,
    series,
    logX: true,
    xTicks: "counts",
  };
}
