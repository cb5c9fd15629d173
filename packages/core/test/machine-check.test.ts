import { describe, expect, test } from "vitest";
import { BUSY_BELOW, busyReason } from "../src/bench/machine-check.ts";
import type { MachineCheck } from "../src/result.ts";

const check = (at: MachineCheck["at"], speedup: number, threads = 2): MachineCheck => ({
  at,
  workloads: ["mandelbrot"],
  threads,
  soloMs: 20,
  parallelMs: (threads * 20) / speedup,
  speedup,
});

describe("busyReason: a parallel row is marked only when a check found the machine short of cores", () => {
  test("clear checks, no checks, or one thread: nothing to mark", () => {
    expect(busyReason([check("start", 1.97), check("end", 1.7)], 2)).toBeUndefined();
    expect(busyReason([], 2)).toBeUndefined();
    expect(busyReason([check("start", 1.1)], 1)).toBeUndefined();
  });

  test("the threshold is 80% of the cores' worth, on any core count", () => {
    expect(busyReason([check("start", 2 * BUSY_BELOW)], 2)).toBeUndefined();
    expect(busyReason([check("start", 2 * BUSY_BELOW - 0.01)], 2)).toMatch(/busy/);
    expect(busyReason([check("start", 52, 64)], 8)).toBeUndefined();
    expect(busyReason([check("start", 40, 64)], 8)).toMatch(/64 independent threads ran only 40\.00×/);
  });

  test("names the worst check, with its figure and when it was taken", () => {
    const reason = busyReason([check("start", 1.95), check("end", 1.37)], 2);
    expect(reason).toMatch(/2 independent threads ran only 1\.37× as fast as one/);
    expect(reason).toMatch(/at the end of this workload's rows/);
  });
});
