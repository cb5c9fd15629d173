import { describe, expect, it } from "vitest";
import type { Contender } from "../src/pools/contender.ts";
import { throughput } from "../src/pools/measure.ts";

/** A pool that answers add() after `ms` of wall time, as a real one would while its workers run. */
function answering(ms: number): Contender {
  return {
    name: "fake",
    version: "0",
    start: async () => {},
    call: (_method, a, b) => new Promise((resolve) => setTimeout(() => resolve(a + b), ms)),
    close: async () => {},
  };
}

describe("the race's throughput phase", () => {
  it("runs its calls, and more until its minimum time has passed, counting every one", async () => {
    const quick = await throughput(answering(0), 8, 4);
    expect(quick.calls).toBe(8);
    const t0 = performance.now();
    const timed = await throughput(answering(1), 8, 4, 60);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(60);
    expect(timed.calls).toBeGreaterThan(8);
    expect(timed.perSecond).toBeGreaterThan(0);
  });

  it("a wrong answer fails it", async () => {
    const wrong: Contender = { ...answering(0), call: async () => 7 };
    await expect(throughput(wrong, 8, 4, 10)).rejects.toThrow(/add\(0, 1\) returned 7, expected 1/);
  });
});
