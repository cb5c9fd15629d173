import type { RuntimeEntry } from "../model.ts";
import type { LineChart } from "./charts.ts";
import { slug } from "./escape.ts";

/** Payload throughput by size, one chart per transport and shape, a line per runtime (log–log). */
export function payloadCharts(runtimes: readonly RuntimeEntry[]): LineChart[] {
  const measured = runtimes.filter(({ result: r }) => r.experiments?.overheads?.payload.length);
  if (measured.length === 0) return [];
  const payloads = (r: RuntimeEntry) => r.result.experiments!.overheads!.payload;
  const kinds = [...new Set(measured.flatMap((r) => payloads(r).map((p) => `${p.transport}|${p.shape}`)))];
  const sizes = [...new Set(measured.flatMap((r) => payloads(r).map((p) => p.bytes)))].sort((a, b) => a - b);
  return kinds.map((kind) => {
    const [transport, shape] = kind.split("|") as [string, string];
    return {
      id: `chart-payload-${slug(kind)}`,
      title: `${transport} · ${shape}: throughput by payload size`,
      xLabel: "payload (bytes)",
      yLabel: "MB/s",
      x: sizes,
      logX: true,
      logY: true,
      xTicks: "bytes",
      series: measured.map((r) => ({
        label: r.column,
        values: sizes.map((b) => payloads(r).find((p) => `${p.transport}|${p.shape}` === kind && p.bytes === b)?.mbPerSecond ?? null),
      })),
    };
  });
}
