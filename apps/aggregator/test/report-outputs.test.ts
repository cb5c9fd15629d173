import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarize, type Result } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../src/report/html/render.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { buildReportModel } from "../src/report/model.ts";
import { buildSummary } from "../src/report/summary-json.ts";
import { renderTerminal } from "../src/report/terminal.ts";
import { readResults } from "../src/results/read-results.ts";
import { fixtureBreakEven, fixtureSingleCore } from "./fixtures/cost-experiments.ts";
import { fixtureCheck, fixturePools, fixtureResult } from "./fixtures/results.ts";
import { fixtureService, fixtureServicePage } from "./fixtures/service.ts";
import { scratch } from "./helpers.ts";

/**
 * Every rendering of one fixture folder, pinned byte for byte: a change to
 * how the report is built that is meant to leave it as it was (moving code,
 * renaming) shows here as a diff. Where a change is meant to alter the
 * report, update the files with `npx vitest run test/report-outputs.test.ts -u`
 * and read their diff.
 */
function fixtureFolder(): string {
  const s = (v: number) => summarize([v * 0.99, v, v * 1.01]);
  const node: Result = { ...fixtureResult("node", { artefacts: true }), machineChecks: [fixtureCheck(1.97, "start"), fixtureCheck(1.41, "end")] };
  node.experiments = {
    breakEven: fixtureBreakEven({ 1: [0.1, 0.2], 100: [0.8, 1.3], 1000: [0.9, 1.7] }),
    singleCore: fixtureSingleCore(),
    async: {
      k: 12,
      delayMs: 10,
      limit: 4,
      runs: [
        { source: "http", mode: "sequential", summary: s(125) },
        { source: "http", mode: "all", summary: s(11) },
        { source: "cpu", mode: "sequential", summary: s(40) },
        { source: "cpu", mode: "all", summary: s(40.4) },
      ],
    },
    race: {
      threads: 2,
      incrementsPerThread: 1_000_000,
      runs: [
        { mode: "plain", expected: 2_000_000, lost: [900_000, 1_000_000, 950_000], summary: s(10) },
        { mode: "atomic", expected: 2_000_000, lost: [0, 0, 0], summary: s(31) },
      ],
    },
    overheads: {
      workerStartupMs: s(20),
      roundTripUs: { postMessage: s(71), pool: s(1.1), comlink: s(1450), atomicsSpin: s(0.12) },
      payload: [{ transport: "clone", shape: "bytes", bytes: 65536, mbPerSecond: 512, summary: s(0.128) }],
    },
  };
  const bun = fixtureResult("bun", { scale: 2 });
  bun.experiments = {
    skipped: { "singleCore/one-core": "taskset was not found on PATH (it comes with util-linux): the one-core half needs it" },
    singleCore: { ...fixtureSingleCore() },
    errors: { race: "a worker never answered" },
  };
  delete bun.experiments.singleCore!.oneCore;
  // The race's settings as `threadlab pools` writes them today (the fixture's are only those the report checks).
  const pools = (runtime: string, rounds?: number) => {
    const p = fixturePools(runtime, rounds === undefined ? {} : { rounds });
    return { ...p, settings: { ...p.settings, idleMs: 150 } };
  };
  const files: Record<string, unknown> = {
    "node.json": node,
    "bun.json": bun,
    "chromium.json": fixtureResult("chromium", { scale: 1.5 }),
    "deno.failure.json": { schema: "threadlab.failure/v1", runtime: "deno", at: "2026-12-01T00:00:00.000Z", message: "deno runner exited with code 1: boom" },
    "pools.node.json": pools("node"),
    "pools.deno.json": pools("deno", 1),
    "service.node.json": fixtureService("node"),
    "service.bun.json": fixtureService("bun", 0.8),
    "service.chromium.json": fixtureServicePage(),
  };
  const dir = scratch("threadlab-outputs-");
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(data));
  return dir;
}

describe("the report's outputs for a fixture folder", () => {
  it("are the files pinned in test/__snapshots__", async () => {
    const model = buildReportModel(await readResults(fixtureFolder()), new Date("2026-12-01T12:00:00.000Z"));
    await expect(renderMarkdown(model)).toMatchFileSnapshot("__snapshots__/report-outputs.report.md");
    await expect(`${JSON.stringify(buildSummary(model), null, 2)}\n`).toMatchFileSnapshot("__snapshots__/report-outputs.summary.json");
    // Without colours, whether or not the terminal running the tests has them.
    await expect(renderTerminal(model, "report.md").replace(/\x1b\[[0-9;]*m/g, "")).toMatchFileSnapshot("__snapshots__/report-outputs.terminal.txt");
    // The page without the uPlot script and stylesheet it inlines (another project's, pinned by its version).
    const html = renderHtml(model);
    await expect(html.slice(html.indexOf("<nav>"), html.indexOf("<script>", html.indexOf("</main>")))).toMatchFileSnapshot("__snapshots__/report-outputs.report.html");
    const charts = html.slice(html.indexOf('<script type="application/json" id="chart-data">'));
    await expect(charts).toMatchFileSnapshot("__snapshots__/report-outputs.charts.html");
  });
});
