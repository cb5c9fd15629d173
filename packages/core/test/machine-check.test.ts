import { describe, expect, test } from "vitest";
import { BUSY_BELOW, busyReason, markBusy } from "../src/bench/machine-check.ts";
import type { MachineCheck, Scenario } from "../src/schema/result.ts";
import { summarize } from "../src/stats/stats.ts";

const check = (at: MachineCheck["at"], speedup: number, threads = 2): MachineCheck => ({
  at,
  workloads: ["mandelbrot"],
  threads,
  soloMs: 10,
  parallelMs: (threads * 10) / speedup,
  speedup,
});

describe("busyReason: a parallel row is marked only when a check found the machine short of the cores it could use", () => {
  test("clear checks, no checks, or one thread: nothing to mark", () => {
    expect(busyReason([check("start", 1.97), check("end", 1.7)], 2)).toBeUndefined();
    expect(busyReason([], 2)).toBeUndefined();
    expect(busyReason([check("start", 1.1)], 1)).toBeUndefined();
  });

  test("the threshold is 80% of the cores the row could use", () => {
    expect(busyReason([check("start", 2 * BUSY_BELOW)], 2)).toBeUndefined();
    expect(busyReason([check("start", 2 * BUSY_BELOW - 0.01)], 2)).toMatch(/busy/);
    // 64 cores giving 40 cores' worth: two or eight threads had theirs, sixty-four did not.
    expect(busyReason([check("start", 40, 64)], 2)).toBeUndefined();
    expect(busyReason([check("start", 40, 64)], 8)).toBeUndefined();
    expect(busyReason([check("start", 40, 64)], 64)).toMatch(/64 independent threads together ran only 40\.00×/);
  });

  test("names the worst check, with its figure and when it was taken", () => {
    const reason = busyReason([check("start", 1.95), check("end", 1.37)], 2);
    expect(reason).toMatch(/2 independent threads together ran only 1\.37× as fast as one/);
    expect(reason).toMatch(/at the end of this workload's parallel rows/);
  });
});

describe("markBusy", () => {
  const row = (strategy: Scenario["strategy"], threads: number, measured = true): Scenario => ({
    workload: "mandelbrot",
    strategy,
    threads,
    size: 200,
    status: measured ? "ok" : "failed",
    samplesMs: measured ? [1, 1, 1] : [],
    ...(measured ? { summary: summarize([1, 1, 1]) } : {}),
  });

  test("marks the measured rows on two threads or processes or more, never one-thread rows", () => {
    const rows = [row("sequential", 1), row("workers", 1), row("interleaved", 1), row("workers", 2), row("shared", 2), row("processes", 2), row("workers", 4), row("workers", 2, false)];
    markBusy(rows, [check("start", 1.98), check("end", 1.3)], 2);
    expect(rows.map((s) => `${s.strategy}(${s.threads})${s.status === "ok" ? "" : "!"}: ${s.busy ? "busy" : "-"}`)).toEqual([
      "sequential(1): -",
      "workers(1): -",
      "interleaved(1): -",
      "workers(2): busy",
      "shared(2): busy",
      "processes(2): busy",
      "workers(4): busy",
      "workers(2)!: -",
    ]);
  });

  test("leaves every row alone when the checks were clear", () => {
    const rows = [row("workers", 2), row("processes", 2)];
    markBusy(rows, [check("start", 1.9), check("end", 1.95)], 2);
    expect(rows.every((s) => s.busy === undefined)).toBe(true);
  });
});
