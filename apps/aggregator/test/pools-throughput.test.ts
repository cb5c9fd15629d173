import { describe, expect, it } from "vitest";
import type { Contender } from "../src/pools/contender.ts";
import { throughput, withCpu } from "../src/pools/measure.ts";
import { DEFAULTS, parseRunnerRequest } from "../src/pools/settings.ts";

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

  it("keeps its calls in flight through the extra time, however few the calls", async () => {
    let outstanding = 0;
    let most = 0;
    const counting: Contender = {
      ...answering(0),
      call: (_m, a, b) => {
        most = Math.max(most, ++outstanding);
        return new Promise((resolve) => setTimeout(() => (outstanding--, resolve(a + b)), 1));
      },
    };
    await throughput(counting, 4, 16, 30);
    expect(most).toBe(16);
  });

  it("CPU per call is divided by the calls that ran", async () => {
    let cpuUs = 0;
    const r = await withCpu((v: { calls: number }) => v.calls, async () => ((cpuUs += 1000), { calls: 250 }), () => cpuUs);
    expect(r.cpuUsPerCall).toBe(4);
  });

  it("a runner refuses settings without the minimum time, or with no calls", () => {
    const request = (settings: object) => JSON.stringify({ settings: { threads: 2, ...DEFAULTS, ...settings }, versions: {} });
    expect(parseRunnerRequest(request({})).settings.minMs).toBe(DEFAULTS.minMs);
    expect(() => parseRunnerRequest(request({ minMs: undefined }))).toThrow(/settings\.minMs must be a whole number/);
    expect(() => parseRunnerRequest(request({ calls: 0 }))).toThrow(/settings\.calls must be at least 1/);
  });

  it("a wrong answer fails it", async () => {
    const wrong: Contender = { ...answering(0), call: async () => 7 };
    await expect(throughput(wrong, 8, 4, 10)).rejects.toThrow(/add\(0, 1\) returned 7, expected 1/);
  });
});
