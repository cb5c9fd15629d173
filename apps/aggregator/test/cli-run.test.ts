import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseResult } from "@threadlab/core";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "./helpers.ts";

describe("threadlab run + report with the real Node runner", () => {
  const out = scratch();
  const run = cli(["run", "--runtimes", "node", "--preset", "smoke", "--workloads", "mandelbrot,spectral-norm", "--threads", "1,2", "--out", out]);

  it("runs every strategy and experiment, verifies every scenario and writes node.json", () => {
    expect(run.stderr).toContain("all 12 scenarios ok and verified, 6 experiment(s)");
    expect(run.code).toBe(0);
    const result = parseResult(JSON.parse(readFileSync(join(out, "node.json"), "utf8")));
    expect(result.runtime.name).toBe("node");
    expect(result.scenarios.map((s) => `${s.workload}/${s.strategy}/${s.variant ?? s.threads}`)).toEqual([
      "mandelbrot/sequential/1",
      "mandelbrot/workers/1",
      "mandelbrot/workers/2",
      "mandelbrot/interleaved/messageChannel",
      "mandelbrot/shared/1",
      "mandelbrot/shared/2",
      "mandelbrot/processes/2",
      "spectral-norm/sequential/1",
      "spectral-norm/workers/1",
      "spectral-norm/workers/2",
      "spectral-norm/interleaved/messageChannel",
      "spectral-norm/processes/2",
    ]);
    expect(Object.keys(result.experiments ?? {}).sort()).toEqual(["async", "breakEven", "overheads", "race", "responsiveness", "singleCore"]);
    // The one-core half comes from a second runner under taskset, on Linux where it is installed.
    // The one-core half was measured in a runner confined by taskset, or the result says why not.
    expect(result.experiments!.singleCore!.oneCore?.cpuList ?? result.experiments!.skipped?.["singleCore/one-core"]).toBeTruthy();
    expect(result.experiments?.errors).toBeUndefined();
    // Smoke runs the whole plan in one runner, which checked the machine after its rows (timed, so only the shape is asserted).
    if (result.machine.cores >= 2) {
      expect(result.machineChecks?.map((c) => `${c.workloads.join()}@${c.at}`)).toEqual(["mandelbrot,spectral-norm@end"]);
      for (const c of result.machineChecks!) {
        expect(c.threads).toBe(result.machine.cores);
        expect(c.soloMs).toBeGreaterThan(0);
        expect(c.speedup).toBeCloseTo(Math.min(c.threads, (c.threads * c.soloMs) / c.parallelMs), 9);
      }
    }
    // Node has every piece: nothing is skipped (the idle-memory figure needs RSS to grow measurably).
    expect(Object.keys(result.experiments?.skipped ?? {}).filter((k) => k !== "overheads/idle-memory")).toEqual([]);
    for (const mode of ["atomic", "lock"]) {
      expect(result.experiments!.race!.runs.find((r) => r.mode === mode)!.lost.every((l) => l === 0)).toBe(true);
    }
    // K waits awaited together take about one wait; one by one, K of them (loopback HTTP and timers, in Node). Beside the other
    // runtimes' suites the waits came late (timers: 51.7 ms together against 99.5 ms one by one, where 8 waits overlap 8x when
    // idle): at least 1.5x overlap is asked, which no run without overlap could show.
    const median = (source: string, mode: string) => result.experiments!.async!.runs.find((r) => r.source === source && r.mode === mode)!.summary.median;
    for (const source of ["http", "timer"]) expect(median(source, "all")).toBeLessThan(median(source, "sequential") / 1.5);
    for (const s of result.scenarios) {
      expect(s.status).toBe("ok");
      expect(s.verification?.ok).toBe(true);
      // Adaptive sampling: at least the floor, n recorded.
      expect(s.samplesMs.length).toBeGreaterThanOrEqual(result.plan.samples);
      expect(s.summary?.n).toBe(s.samplesMs.length);
      expect(s.summary?.ci.low).toBeLessThanOrEqual(s.summary!.median);
    }
    // No temp files left behind by the atomic write.
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("shows progress per scenario", () => {
    // The scenario count, n, and an estimate of the time left.
    expect(run.stderr).toMatch(/\[1\/12\] mandelbrot sequential N=200 ok median [\d.]+ ms, n \d+.* ~\d+ s left/);
    expect(run.stderr).toMatch(/\[4\/12\] mandelbrot interleaved\(messageChannel\) N=200 ok median/);
    expect(run.stderr).toMatch(/\[12\/12\] spectral-norm processes\(2\) N=100 ok median/);
    expect(run.stderr).toMatch(/experiment overheads ok/);
  });

  it("reports to the terminal, report.md and summary.json", () => {
    const r = cli(["report", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Speed-up of workers\(n\) over sequential at n = cores/);
    expect(r.stdout).toMatch(/\nmandelbrot\s+\S*[\d.]+×/);
    // The summary fits a terminal of 100 columns.
    for (const line of r.stdout.replace(/\x1b\[[0-9;]*m/g, "").split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain("### mandelbrot: Mandelbrot set (N = 200)");
    expect(md).toMatch(/\| workers\(2\) \| [\d.]+ ms · ([\d.]+×|×1\/[\d,]+)\S* \|/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.rows).toHaveLength(12);
    expect(summary.rows.every((row: { verified: boolean }) => row.verified)).toBe(true);
  });

  it("report --json prints the summary", () => {
    const r = cli(["report", out, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).schema).toBe("threadlab.summary/v1");
  });

  it("a failed runtime's record appears in the report and keeps the others", () => {
    const dir = scratch();
    writeFileSync(join(dir, "node.json"), readFileSync(join(out, "node.json")));
    writeFileSync(
      join(dir, "deno.failure.json"),
      JSON.stringify({ schema: "threadlab.failure/v1", runtime: "deno", at: new Date().toISOString(), message: "deno runner exited with code 1: boom" }),
    );
    const r = cli(["report", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("deno failed: deno runner exited with code 1: boom");
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("**deno failed**");
    expect(existsSync(join(dir, "node.json"))).toBe(true);
  });
});

describe("threadlab doctor", () => {
  it("lists node with its version and path", () => {
    const r = cli(["doctor"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`✓ node\\s+${process.versions.node.replace(/\./g, "\\.")}`));
  });
});
