import { summarize, type Result } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { breakEvenContradictions, breakEvenSizes } from "../src/report/break-even.ts";
import { ratioText } from "../src/report/format/units.ts";
import { findingLine, findings } from "../src/report/findings.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { buildReportModel } from "../src/report/model.ts";
import { cpuSentence } from "../src/report/pools-tables.ts";
import { VERDICT_WORDS } from "../src/report/verdict.ts";
import { fixtureBreakEven } from "./fixtures/cost-experiments.ts";
import { fixturePools, fixtureResult } from "./fixtures/results.ts";

type Pools = ReturnType<typeof fixturePools>;

/** Four runtimes with the experiments the verdict quotes, each a little different, and a pools race in each. */
function fourRuntimes(): { results: Result[]; pools: Pools[] } {
  const s = (v: number) => summarize([v, v, v]);
  const results = (["node", "deno", "bun", "chromium"] as const).map((rt, i) => {
    const r = fixtureResult(rt, { scale: 1 + i / 10 });
    r.experiments = {
      async: { k: 12, delayMs: 10, limit: 4, runs: [{ source: "http", mode: "sequential", summary: s(120) }, { source: "http", mode: "all", summary: s(12 + i) }, { source: "cpu", mode: "sequential", summary: s(100) }, { source: "cpu", mode: "all", summary: s(100) }] },
      race: { threads: 2, incrementsPerThread: 100_000, runs: [{ mode: "plain", expected: 200_000, lost: [79_580, 80_000, 70_000], summary: s(10) }, { mode: "atomic", expected: 200_000, lost: [0, 0, 0], summary: s(66) }] },
      overheads: { workerStartupMs: s(82.8), roundTripUs: { postMessage: s(32.8), pool: s(2.98) }, payload: [] },
      breakEven: fixtureBreakEven({ 10: [0.5, 0.7], 30: [0.6, i === 2 ? 0.95 : 1.2], 100: [0.8, 1.6], 1000: [0.9, 1.8] }),
    };
    return r;
  });
  return { results, pools: results.map((r) => fixturePools(r.runtime.name)) };
}

const model = () => {
  const { results, pools } = fourRuntimes();
  return buildReportModel({ dir: "", results, failures: [], pools: pools as never, service: [] });
};

describe("the verdict: a short answer per question, first", () => {
  it("has every answer under 30 words, each linked to its section, before the overview, in Markdown as in HTML", () => {
    const m = model();
    expect(m.verdicts.map((v) => v.question)).toEqual(["Parallel CPU work", "When workers pay", "Asynchronous I/O", "Shared memory", "What a worker costs", "Which pool"]);
    for (const v of m.verdicts) expect(v.answer.split(/\s+/).length, v.answer).toBeLessThan(VERDICT_WORDS);
    const md = renderMarkdown(m);
    expect(md.indexOf("## Verdict")).toBeLessThan(md.indexOf("## Overview"));
    expect(md.indexOf("## Overview")).toBeLessThan(md.indexOf("## Findings"));
    expect(md).toContain("([details](#worth-it))");
  });

  it("quotes, for break-even, the sizes the break-even table decides from its intervals, and never contradicts them", () => {
    const m = model();
    const v = m.verdicts.find((x) => x.question === "When workers pay")!;
    // bun's 30 µs point is below 1: its break-even is 100 µs; the others' intervals lie above 1 from 30 µs.
    expect(v.answer).toBe("2 workers beat inline when a call does ≥ 30 µs (node, deno, chromium), ≥ 100 µs (bun) of CPU work.");
    for (const r of fourRuntimes().results) {
      const b = r.experiments!.breakEven!;
      const at = breakEvenSizes(b).find((x) => x.threads === 2)!.beatsAtUs;
      expect(breakEvenContradictions(b, 2, at)).toEqual([]);
    }
  });

  it("names the strategy of every speed-up it quotes, and the figure is the one its table cell shows", () => {
    const m = model();
    const parallel = m.verdicts.find((x) => x.question === "Parallel CPU work")!.answer;
    expect(parallel).toMatch(/workers\(2\) gave a median \d\.\d\d×/);
    const finding = findings({ dir: "", results: fourRuntimes().results, failures: [], pools: [], service: [] }).find((f) => f.concept === "parallelism")!;
    // Every "1.92× on mandelbrot workers(2)" in the finding is the face of that runtime's results cell.
    const quoted = [...findingLine(finding).matchAll(/(\d+\.\d\d)× on (\S+) (\w+\(\d+\))/g)];
    expect(quoted.length).toBe(4);
    for (const [, value, workload, row] of quoted) {
      const table = m.workloads.find((t) => t.workload === workload)!;
      const cells = table.rows.filter((r) => `${r.strategy}(${r.threads})` === row).flatMap((r) => [...r.views.values()].map((v) => ratioText(v.speedup!)));
      expect(cells).toContain(`${value}×`);
    }
  });
});

describe("report.md reads on GitHub", () => {
  it("has no prose line over 120 characters, no table over 8 columns, and headings that never skip a level", () => {
    const { results, pools } = fourRuntimes();
    // Eight runtimes' columns (two machines): the results tables would be 9 columns wide, so they are split.
    const twice = [...results, ...results.map((r) => ({ ...r, machine: { ...r.machine, name: "other" } }))];
    const md = renderMarkdown(buildReportModel({ dir: "", results: twice, failures: [], pools: pools as never, service: [] }));
    const lines = md.split("\n");
    for (const line of lines.filter((l) => !l.startsWith("|"))) expect(line.length, line).toBeLessThanOrEqual(120);
    for (const line of lines.filter((l) => l.startsWith("|"))) expect(line.split(" | ").length, line).toBeLessThanOrEqual(8);
    const levels = lines.filter((l) => /^#+ /.test(l)).map((l) => l.indexOf(" "));
    levels.forEach((level, i) => i > 0 && expect(level, lines.filter((l) => /^#+ /.test(l))[i]).toBeLessThanOrEqual(levels[i - 1]! + 1));
    // Split: a table of the first seven runtimes, then one of the eighth, each with the strategy column.
    expect(md).toMatch(/\n\| strategy( \| [^|]+){7} \|\n[\s\S]*?\n\| strategy \| [^|]+ \|\n/);
  });
});

describe("the pools race's CPU sentence is made from the numbers it quotes", () => {
  const pools = fixturePools("bun");
  type Contender = Parameters<typeof cpuSentence>[0];
  const [ours, best, other] = pools.contenders as unknown as Contender[];
  const withIdle = (c: Contender | undefined, idle: number): Contender => ({ ...c!, idlePct: { median: idle, rounds: [idle] } });

  it("says threadlab used the most idle CPU when it did (Bun's race once said the opposite beside 31.86%)", () => {
    const text = cpuSentence(withIdle(ours, 31.86), withIdle(best, 23.8), [withIdle(best, 23.8), withIdle(other, 5.6)], 150)!;
    expect(text).toBe(
      "Per tiny task it used 2.70 µs of CPU over all threads, no more than the 13.4 µs of poolifier; in the 150 ms after the calls it used 31.86% of one core, the most of the 3 pools (the others 5.6–23.8%).",
    );
  });

  it("flips each comparison when the numbers flip", () => {
    const text = cpuSentence({ ...withIdle(ours, 1), cpuUsPerCall: { throughput: { median: 20, rounds: [20] }, sequential: { median: 40, rounds: [40] } } }, withIdle(best, 23.8), [withIdle(best, 23.8), withIdle(other, 5.6)], 150)!;
    expect(text).toContain("Per tiny task it used 20.0 µs of CPU over all threads, more than the 13.4 µs of poolifier");
    expect(text).toContain("it used 1.00% of one core, the least of the 3 pools");
  });
});
