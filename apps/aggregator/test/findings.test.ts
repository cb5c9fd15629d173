import { summarize, type Result, type Scenario } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { findingLine, findings } from "../src/report/findings.ts";
import { renderHtml } from "../src/report/html/render.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { buildReportModel } from "../src/report/model.ts";
import { renderTerminal } from "../src/report/terminal.ts";
import { fixtureBreakEven, fixtureSingleCore } from "./fixtures/cost-experiments.ts";
import { fixtureCheck, fixtureResult } from "./fixtures/results.ts";

const set = (...results: Result[]) => ({ dir: "", results, failures: [], pools: [], service: [] });

/** The fixture's result with what the experiments measure, and an interleaved row that switched 100 times. */
function withExperiments(runtime: "node" | "bun", scale = 1): Result {
  const r = fixtureResult(runtime, { scale, artefacts: true });
  const seq = r.scenarios.find((s) => s.workload === "mandelbrot" && s.strategy === "sequential")!;
  const samples = [101, 101, 101].map((v) => v * scale);
  r.scenarios.push({ ...seq, strategy: "interleaved", variant: "messageChannel", switches: 100, samplesMs: samples, summary: summarize(samples), scaling: { speedup: { value: 100 / 101, low: 0.98, high: 1 }, efficiency: 100 / 101 } });
  // noop: 0.1 ms inline; 16 yields cost 2 µs each through a MessageChannel, 1.1 ms each through setTimeout.
  const noop = (variant: string | undefined, median: number, switches?: number) => ({
    ...seq,
    workload: "noop",
    strategy: (variant ? "interleaved" : "sequential") as Scenario["strategy"],
    ...(variant ? { variant } : {}),
    ...(switches ? { switches } : {}),
    samplesMs: [median * scale],
    summary: summarize([median * scale, median * scale, median * scale]),
  });
  r.scenarios.push(noop(undefined, 0.1), noop("messageChannel", 0.132, 16), noop("setTimeout", 17.7, 16));
  const s = (v: number) => summarize([v, v, v]);
  r.experiments = {
    async: {
      k: 20,
      delayMs: 50,
      limit: 4,
      runs: [
        { source: "http", mode: "sequential", summary: s(1000 * scale) },
        { source: "http", mode: "all", summary: s(52 * scale) },
        { source: "cpu", mode: "sequential", summary: s(100) },
        { source: "cpu", mode: "all", summary: s(100) },
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
    overheads: { workerStartupMs: s(20), roundTripUs: { postMessage: s(71), pool: s(1.1), atomicsSpin: s(0.12) }, payload: [] },
  };
  return r;
}

describe("findings: one generated sentence per concept", () => {
  it("says each concept's number, first runtime in full and the others beside it", () => {
    const lines = findings(set(withExperiments("node"), withExperiments("bun", 2))).map(findingLine);
    expect(lines).toEqual([
      "Asynchronous processing: awaiting 20 loopback HTTP requests (50 ms each) together was 19× faster than one by one in node (bun 19×), while CPU work awaited together ran at 1.0×: waiting overlaps, computing does not.",
      "Concurrency: a yield to the event loop, which keeps one thread responsive while CPU work is cut into slices, cost 2.00 µs through a MessageChannel in node (bun 4.00 µs) and 1.10 ms through setTimeout (its clamp); slicing never makes the work faster.",
      "Parallelism: the best speed-up was 1.92× on mandelbrot workers(2) (efficiency 96%) in node; bun: 1.92× on mandelbrot workers(2) (efficiency 96%).",
      "Multithreading: 2 threads incrementing one shared counter without Atomics lost 950,000 of 2,000,000 updates in node (median); with Atomics.add none were lost, at 3.1× the time.",
      "Overheads: a round trip to a worker took 71.0 µs by postMessage, 1.10 µs through threadlab's pool, 0.12 µs spinning on shared memory in node; starting a worker took 20.0 ms.",
    ]);
  });

  it("never takes a suspect row, one past the cores or a workload with no work as the best speed-up, and says when it is noisy", () => {
    const r = withExperiments("node");
    // The only fair parallel row within the cores, made noisy (its interval reaches below 1): it is still the one (the suspect
    // n-body workers(1), mandelbrot workers(4) and noop never count).
    for (const s of r.scenarios) if (s.workload === "mandelbrot" && s.strategy === "workers" && s.threads === 2) s.scaling = { ...s.scaling!, speedup: { value: s.scaling!.speedup.value, low: 0.9, high: 2.1 }, pairs: 3 };
    expect(findings(set(r)).find((f) => f.concept === "parallelism")?.text).toBe("the best speed-up was 1.92× on mandelbrot workers(2) (efficiency 96%, noisy) in node.");
  });

  it("sets the best speed-up beside what the machine itself gave, and says when the machine was busy", () => {
    const r = withExperiments("node");
    r.machineChecks = [fixtureCheck(1.97, "start"), fixtureCheck(1.41, "end")];
    for (const s of r.scenarios) if (s.workload === "mandelbrot" && s.threads === 2) s.busy = "the machine was busy";
    expect(findings(set(r)).find((f) => f.concept === "parallelism")?.text).toBe(
      "the best speed-up was 1.92× on mandelbrot workers(2) (efficiency 96%, busy machine) in node. Independent threads spinning together gave 1.41–1.97× in node the speed of one: the ceiling.",
    );
    const model = buildReportModel(set(r));
    expect(renderMarkdown(model).replace(/\n {4}/g, " ")).toMatch(/\[\^\d+\]: node mandelbrot workers\(2\): [^\n]*busy machine: the machine was busy/);
    // The terminal marks the overview cell (the reason is in report.md).
    expect(renderTerminal(model)).toMatch(/mandelbrot\s+\S*1\.92×\S* 96%!/);
    expect(renderHtml(model)).toMatch(/title="[^"]*busy machine: the machine was busy"/);
  });

  it("says when the best row was still warming up, and notes why under the table in every rendering", () => {
    const r = withExperiments("node");
    const reason = "its samples were still falling when sampling ended (the first half's median 2.40 ms, the second's 2.10 ms)";
    for (const s of r.scenarios) if (s.workload === "mandelbrot" && s.strategy === "workers" && s.threads === 2) s.warming = reason;
    expect(findings(set(r)).find((f) => f.concept === "parallelism")?.text).toBe("the best speed-up was 1.92× on mandelbrot workers(2) (efficiency 96%, still warming) in node.");
    const model = buildReportModel(set(r));
    expect(renderMarkdown(model).replace(/\n {4}/g, " ")).toContain(`still warming: ${reason}`);
    expect(renderTerminal(model)).toMatch(/mandelbrot\s+\S*1\.92×\S* 96%\*/);
    expect(renderHtml(model)).toContain(`still warming: ${reason.replace(/'/g, "&#39;")}`);
  });

  it("has no sentence for a concept whose figures are missing", () => {
    expect(findings(set(fixtureResult("node"))).map((f) => f.concept)).toEqual(["parallelism"]);
  });
});

describe("the report opens with its findings", () => {
  it("in Markdown, HTML and the terminal, before the machine and the results", () => {
    const results = buildReportModel(set(withExperiments("node")));
    const md = renderMarkdown(results);
    expect(md.indexOf("## Findings")).toBeGreaterThan(0);
    expect(md.indexOf("## Findings")).toBeLessThan(md.indexOf("## Machine"));
    const html = renderHtml(results);
    expect(html.indexOf('<section id="findings">')).toBeLessThan(html.indexOf('id="machine"'));
    const terminal = renderTerminal(results);
    expect(terminal.indexOf("Verdict")).toBeLessThan(terminal.indexOf("Speed-up of workers(n) over sequential at n = cores"));
  });

  it("fits the terminal summary within 100 columns, with four runtimes, every finding and the overview", () => {
    const all = ["node", "deno", "bun", "chromium"].map((rt) => withExperiments(rt as "node"));
    const terminal = renderTerminal(buildReportModel(set(...all)), "/a/rather/long/path/to/the/results/folder/of/this/run/report.md");
    const lines = terminal.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(lines.find((l) => l.startsWith("mandelbrot"))).toMatch(/^mandelbrot(\s+1\.92× 96%){4}$/);
    expect(terminal).toContain("Verdict");
  });

  it("links to its findings from the HTML's contents only when it has some", () => {
    expect(renderHtml(buildReportModel(set(withExperiments("node"))))).toContain('href="#findings"');
    const none = { ...fixtureResult("node"), scenarios: [] };
    const model = buildReportModel(set(none));
    expect(model.findings).toEqual([]);
    expect(renderHtml(model)).not.toContain('href="#findings"');
  });
});

describe("findings from the cost experiments", () => {
  it("the break-even size with the widest worker count within the cores, and the one-core cost", () => {
    const r = fixtureResult("node");
    r.experiments = {
      breakEven: fixtureBreakEven({ 1: [0.1, 0.2], 10: [0.5, 0.8], 100: [0.9, 1.3], 1000: [0.95, 1.7], 10000: [0.99, 1.9] }),
      singleCore: fixtureSingleCore(),
    };
    expect(findings(set(r)).map(findingLine)).toEqual([
      "Concurrency: confined to one core, 2 workers all progressed but took 10% longer than one worker in node (0.91×), at 500 involuntary context switches per second.",
      "Parallelism: the best speed-up was 1.92× on mandelbrot workers(2) (efficiency 96%) in node.",
      "Break-even: 2 workers beat doing the work inline from 100 µs of work per call in node, 80% efficiency from 10 ms.",
    ]);
  });

  it("says when workers never pay off", () => {
    const r = fixtureResult("node");
    r.experiments = { breakEven: fixtureBreakEven({ 1: [0.1, 0.2], 10000: [0.99, 0.9] }) };
    expect(findings(set(r)).find((f) => f.concept === "break-even")?.text).toBe(
      "2 workers beating inline was not shown at the sizes measured (at 10 ms: 0.90× (0.81–0.99)) in node.",
    );
  });
});
