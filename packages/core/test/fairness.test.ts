import { describe, expect, test } from "vitest";
import { derivedFigures, suspectReason, type RowFacts } from "../src/bench/fairness.ts";

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
