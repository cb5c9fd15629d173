import { strategyOf, type StrategyName, type TaskRecord } from "@threadlab/core";
import { ms } from "../format/units.ts";
import { html, type SafeHtml } from "./template.ts";

const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"];

interface Bar extends TaskRecord {
  calls: number;
}

/**
 * Calls closer together than `minGapMs` (under two pixels) draw as one bar:
 * thousands of back-to-back calls would otherwise make thousands of
 * invisible rectangles and a report too big to open.
 */
function merge(records: readonly TaskRecord[], msPerPixel: number): Bar[] {
  const minGapMs = 2 * msPerPixel;
  const bars: Bar[] = [];
  for (const r of [...records].sort((a, b) => a.start - b.start)) {
    const last = bars.at(-1);
    if (last && last.ok === r.ok && r.start - last.end < minGapMs) {
      last.end = Math.max(last.end, r.end);
      last.calls++;
    } else {
      bars.push({ ...r, calls: 1 });
    }
  }
  return bars;
}

/**
 * One run of `strategy` as a Gantt chart in inline SVG: a row per worker (or
 * the calling thread), a bar per kernel call, on a shared time axis `spanMs`
 * wide so strategies of the same workload line up for comparison.
 */
export function gantt(records: readonly TaskRecord[], spanMs: number, strategy: StrategyName): SafeHtml {
  const onCaller = strategyOf(strategy).runsOn === "caller";
  const workers = [...new Set(records.map((r) => r.workerId))].sort((a, b) => a - b);
  const rowH = 18;
  const left = 70;
  const width = 720;
  const plotW = width - left - 40;
  const height = workers.length * rowH + 24;
  const x = (t: number) => left + (Math.max(0, t) / spanMs) * plotW;
  const rows = workers.map((w, i) => {
    const y = i * rowH + 2;
    const bars = merge(
      records.filter((r) => r.workerId === w),
      spanMs / plotW,
    )
      .map((r) => {
        const x0 = x(r.start);
        const wBar = Math.max(0.5, x(r.end) - x0);
        const fill = r.ok ? PALETTE[i % PALETTE.length] : "#d62728";
        const what = r.calls > 1 ? `${r.calls} calls of ${r.method}` : r.method;
        return html`<rect x="${x0.toFixed(1)}" y="${y}" width="${wBar.toFixed(1)}" height="${rowH - 4}" fill="${fill}"><title>${what}: ${ms(r.start)} → ${ms(r.end)}</title></rect>`;
      });
    const name = onCaller ? "main" : `worker ${i + 1}`;
    return html`<text x="${left - 6}" y="${y + rowH - 6}" text-anchor="end">${name}</text>${bars}`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const tx = left + f * plotW;
      return html`<line x1="${tx}" x2="${tx}" y1="0" y2="${height - 18}" class="grid"/><text x="${tx}" y="${height - 4}" text-anchor="middle">${ms(f * spanMs)}</text>`;
    });
  return html`<svg class="gantt" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="timeline of one ${strategy} run">${ticks}${rows}</svg>`;
}
