import { describe, expect, test } from "vitest";
import { derivedFigures, markSuspects, suspectReason, type RowFacts } from "../src/bench/fairness.ts";
import type { Scenario } from "../src/schema/result.ts";

const cpu = (strategy: RowFacts["strategy"], threads: number, speedup: number, variant?: string): RowFacts => ({
  kind: "cpu",
  strategy,
  threads,
  speedup,
  ...(variant ? { variant } : {}),
});

describe("the suspect flag", () => {
  test("workers(1) faster than sequential (the n-body 1.38× artefact) is suspect, with the reason", () => {
    const reason = suspectReason(cpu("workers", 1, 1.38));
    expect(reason).toMatch(/^workers\(1\) ran 1\.38× as fast as sequential/);
    expect(reason).toMatch(/JIT/);
  });

  test("interleaved outside [0.9, 1.1] is suspect either way; the reason names the yield's cost when slower", () => {
    expect(suspectReason(cpu("interleaved", 1, 1.36, "messageChannel"))).toMatch(/^interleaved\(messageChannel\) ran 1\.36×/);
    expect(suspectReason(cpu("interleaved", 1, 0.7, "setTimeout"))).toMatch(/1\.43× as long .* timer clamp/);
  });

  test("inside the band, at its edges, or where the check does not apply: not suspect", () => {
    for (const s of [0.9, 0.95, 1, 1.05, 1.1]) expect(suspectReason(cpu("workers", 1, s))).toBeUndefined();
    // More than one worker may well be faster; processes and shared are not the self-check.
    expect(suspectReason(cpu("workers", 2, 1.9))).toBeUndefined();
    expect(suspectReason(cpu("processes", 1, 0.5))).toBeUndefined();
    expect(suspectReason(cpu("sequential", 1, 1))).toBeUndefined();
    // The overhead probe is all hand-off: workers(1) is slower by design.
    expect(suspectReason({ kind: "overhead", strategy: "workers", threads: 1, speedup: 0.01 })).toBeUndefined();
    expect(suspectReason({ kind: "cpu", strategy: "workers", threads: 1 })).toBeUndefined();
  });
});

describe("derived figures shown only where they mean something", () => {
  test("Karp–Flatt: for a real speed-up on more than one thread, up to the cores", () => {
    expect(derivedFigures(cpu("workers", 2, 1.9), 2)).toEqual({ efficiency: true, karpFlatt: true });
    // Speed-up below 1: the serial fraction would exceed 1 and only restate the overhead.
    expect(derivedFigures(cpu("workers", 2, 0.8), 2)).toEqual({ efficiency: true, karpFlatt: false });
    // Oversubscribed: four threads on two cores are not four processors.
    expect(derivedFigures(cpu("workers", 4, 1.9), 2).karpFlatt).toBe(false);
    expect(derivedFigures(cpu("workers", 1, 1), 2).karpFlatt).toBe(false);
  });

  test("none for noop (Karp–Flatt 1600 meant nothing), for interleaved, or for a suspect row", () => {
    expect(derivedFigures({ kind: "overhead", strategy: "workers", threads: 2, speedup: 0.001 }, 2)).toEqual({ efficiency: false, karpFlatt: false });
    expect(derivedFigures(cpu("interleaved", 1, 1, "messageChannel"), 2)).toEqual({ efficiency: false, karpFlatt: false });
    expect(derivedFigures(cpu("workers", 1, 1.38), 2)).toEqual({ efficiency: false, karpFlatt: false });
  });
});

describe("superlinear speed-ups and a slow baseline", () => {
  test("more than n threads (or the cores) can give is suspect: the baseline was slow", () => {
    expect(suspectReason(cpu("workers", 2, 7.59), 2)).toMatch(/^workers\(2\) ran 7\.59× as fast as sequential, more than 2 thread\(s\) on 2 core\(s\)/);
    expect(suspectReason(cpu("workers", 4, 2.5), 2)).toMatch(/more than 2 thread\(s\) on 2 core\(s\)/);
    expect(suspectReason(cpu("shared", 1, 1.2), 2)).toMatch(/^shared\(1\) ran 1\.20×/);
    expect(suspectReason(cpu("workers", 2, 2.2), 2)).toBeUndefined();
    expect(suspectReason(cpu("workers", 4, 1.9), 2)).toBeUndefined();
  });

  const row = (strategy: Scenario["strategy"], threads: number, speedup: number, variant?: string): Scenario => ({
    workload: "binary-trees",
    strategy,
    threads,
    ...(variant ? { variant } : {}),
    size: 16,
    status: "ok",
    samplesMs: [1],
    scaling: { speedup: { value: speedup, low: speedup, high: speedup }, efficiency: speedup / threads },
  });

  test("when workers(1) and interleaved both beat sequential, every row of the workload is suspect (what Node's binary-trees did once: 4.07× and 4.38×)", () => {
    const rows = [row("sequential", 1, 1), row("workers", 1, 4.07), row("workers", 2, 1.9), row("interleaved", 1, 4.38, "messageChannel")];
    markSuspects(rows, 2);
    expect(rows[1]!.suspect).toMatch(/^workers\(1\) ran 4\.07×/);
    expect(rows[2]!.suspect).toMatch(/^the sequential baseline ran slow: workers\(1\) and interleaved\(messageChannel\)/);
    expect(rows[0]!.suspect).toMatch(/^the sequential baseline ran slow/);
  });

  test("one stray one-thread row flags only itself; a fair workload stays clean", () => {
    const stray = [row("sequential", 1, 1), row("workers", 1, 1.3), row("workers", 2, 1.9), row("interleaved", 1, 1.0, "messageChannel")];
    markSuspects(stray, 2);
    expect(stray.map((s) => Boolean(s.suspect))).toEqual([false, true, false, false]);
    const fair = [row("sequential", 1, 1), row("workers", 1, 0.98), row("workers", 2, 1.9), row("interleaved", 1, 1.01, "messageChannel")];
    markSuspects(fair, 2);
    expect(fair.some((s) => s.suspect)).toBe(false);
  });
});
