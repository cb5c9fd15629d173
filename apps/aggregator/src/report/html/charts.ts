import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { RUNTIME_COLOURS, runtimeColour } from "../format/colours.ts";
import { scriptJson } from "./escape.ts";
import { html, raw, type SafeHtml } from "./template.ts";

export interface LineSeries {
  label: string;
  values: Array<number | null>;
  /** Reference lines (the ideal speed-up) are dashed and grey. */
  reference?: boolean;
  /** Where series are not runtimes (a panel per runtime, a line per mode): their own colour. */
  colour?: string;
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
  /** How the x axis labels its ticks: thread counts (ticks only at the counts measured), bytes ("64 KiB"), or plain numbers. */
  xTicks?: "counts" | "bytes";
}

/** Whether a chart has anything to draw: a series other than the reference lines with a point. */
export function drawable(chart: LineChart): boolean {
  return chart.series.some((s) => !s.reference && s.values.some((v) => v !== null));
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

/**
 * The data for every chart plus the few lines that draw them. A chart is
 * drawn when it first becomes visible (its section opened), at the width it
 * then has, so a chart in a closed section never sizes itself at 0 and
 * overflows a phone's screen. Each runtime has one colour everywhere (by the
 * name its series label starts with); the legend names the series rather
 * than showing "--" until hovered.
 */
export function chartScript(charts: LineChart[]): SafeHtml {
  const colours = { ...RUNTIME_COLOURS, fallback: runtimeColour("") };
  return html`<script type="application/json" id="chart-data">${raw(scriptJson({ charts, colours }))}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var colours = data.colours;
  function colour(label) { return colours[label.split(/[ @]/)[0]] || colours.fallback; }
  function bytes(v) {
    if (v == null) return "";
    var units = ["B", "KiB", "MiB", "GiB"], i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (v >= 10 || i === 0 ? v.toFixed(0) : v.toFixed(1)) + " " + units[i];
  }
  function draw(c, el) {
    var series = [{ label: c.xLabel }].concat(c.series.map(function (s) {
      return {
        label: s.label,
        stroke: s.reference ? "#999" : s.colour || colour(s.label),
        dash: s.reference ? [6, 4] : undefined,
        width: 2,
        points: { show: !s.reference, size: 7 },
        spanGaps: true
      };
    }));
    var x = { label: c.xLabel, size: 44 };
    if (c.xTicks === "counts") { x.splits = function () { return c.x; }; x.values = function (u, vs) { return vs.map(function (v) { return v == null ? "" : String(v); }); }; }
    if (c.xTicks === "bytes") { x.splits = function () { return c.x; }; x.values = function (u, vs) { return vs.map(bytes); }; }
    new uPlot({
      width: Math.max(260, Math.min(640, el.clientWidth)),
      height: 240,
      title: c.title,
      legend: { live: false },
      scales: { x: { time: false, distr: c.logX ? 3 : 1 }, y: { distr: c.logY ? 3 : 1 } },
      axes: [x, { label: c.yLabel, size: 64 }],
      series: series
    }, [c.x].concat(c.series.map(function (s) { return s.values; })), el);
  }
  function drawVisible() {
    data.charts.forEach(function (c) {
      var el = document.getElementById(c.id);
      // Not while a closed section hides it: it would size itself at no width.
      if (!el || el.dataset.drawn || el.closest("details:not([open])")) return;
      el.dataset.drawn = "1";
      draw(c, el);
    });
  }
  document.addEventListener("toggle", drawVisible, true);
  window.addEventListener("load", drawVisible);
  window.threadlabDrawCharts = drawVisible;
})();
</script>`;
}
