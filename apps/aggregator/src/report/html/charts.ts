import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { scriptJson } from "./escape.ts";
import { html, raw, type SafeHtml } from "./template.ts";

export interface LineSeries {
  label: string;
  values: Array<number | null>;
  /** Reference lines (the ideal speed-up) are dashed and grey. */
  reference?: boolean;
}

export interface LineChart {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: LineSeries[];
  logX?: boolean;
  logY?: boolean;
}

const require = createRequire(import.meta.url);

/** uPlot's script and stylesheet, inlined so the report opens offline from disk. */
export function uplotAssets(): { js: SafeHtml; css: SafeHtml } {
  return {
    js: raw(readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8")),
    css: raw(readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8")),
  };
}

export function chartSlot(chart: LineChart): SafeHtml {
  return html`<div class="chart" id="${chart.id}"></div>`;
}

/** The data for every chart plus the few lines that draw them. */
export function chartScript(charts: LineChart[]): SafeHtml {
  return html`<script type="application/json" id="chart-data">${raw(scriptJson(charts))}</script>
<script>
(function () {
  var colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2"];
  var charts = JSON.parse(document.getElementById("chart-data").textContent);
  charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    var n = 0;
    var series = [{ label: c.xLabel }].concat(c.series.map(function (s) {
      return {
        label: s.label,
        stroke: s.reference ? "#999" : colors[n++ % colors.length],
        dash: s.reference ? [6, 4] : undefined,
        width: 2,
        points: { show: !s.reference, size: 7 },
        spanGaps: true
      };
    }));
    new uPlot({
      width: Math.max(320, Math.min(640, el.clientWidth || 640)),
      height: 260,
      title: c.title,
      scales: { x: { time: false, distr: c.logX ? 3 : 1 }, y: { distr: c.logY ? 3 : 1 } },
      axes: [{ label: c.xLabel }, { label: c.yLabel }],
      series: series
    }, [c.x].concat(c.series.map(function (s) { return s.values; })), el);
  });
})();
</script>`;
}
