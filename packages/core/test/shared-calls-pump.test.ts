import { describe, expect, it } from "vitest";
import { CTRL, PARK, DEFAULT_SHAPE } from "../src/channel/layout.ts";
import { SharedCalls, type SharedCallsHost } from "../src/pool/shared-calls.ts";
import type { Task } from "../src/pool/records.ts";

/**
 * The caller's wait for results (pump): it polls only while a core is free.
 * A fake clock that moves 1 µs per reading makes the polling countable
 * without timing anything: a caller that parks at once reads the clock a few
 * times, one that spins to its limit reads it hundreds of times.
 */
function setup(awake: number, backlog = { now: false }) {
  let t = 0;
  let readings = 0;
  const host: SharedCallsHost = {
    now: () => {
      readings++;
      return (t += 0.001);
    },
    settle: () => {},
    byMessage: () => {},
    freed: () => {},
    nudge: () => {},
    awake: () => awake,
    backlog: () => backlog.now,
  };
  const calls = new SharedCalls(DEFAULT_SHAPE, { spinUs: 500, maxSpinUs: 1_000, cores: 2 }, host);
  const task = { id: 1, method: "m", args: [1], options: {}, settled: false, phase: "queued", slot: -1, created: 0, start: 0, runMs: -1 } as unknown as Task;
  expect(calls.put(task, 0)).toBe("written");
  return { calls, readings: () => readings };
}

describe("the caller's wait for results", () => {
  it("sleeps at once when every core holds a worker that is awake (running, polling, or just woken)", () => {
    const { calls, readings } = setup(2);
    calls.pump();
    expect(readings()).toBeLessThan(5);
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).not.toBe(PARK.awake);
    calls.close();
  });

  it("sleeps lazily while a posted call waits for a worker, and wakes itself a few milliseconds later", async () => {
    const { calls, readings } = setup(2);
    calls.pump();
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).toBe(PARK.lazy);
    const before = readings();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readings()).toBeGreaterThan(before); // its timer woke it to look for results
    calls.close();
  });

  it("after a lazy sleep whose timer found no result, sleeps until a worker answers", async () => {
    const { calls } = setup(2);
    calls.pump();
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).toBe(PARK.lazy);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).toBe(PARK.waitAsync);
    calls.close();
  });

  it("asleep lazily when calls start to wait for slots, lets each answer wake it from then on", () => {
    const backlog = { now: false };
    const { calls } = setup(2, backlog);
    calls.pump();
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).toBe(PARK.lazy);
    backlog.now = true;
    calls.pump();
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).toBe(PARK.waitAsync);
    calls.close();
  });

  it("does not sleep lazily when calls wait for a slot: each freed slot must be refilled at once", () => {
    const { calls } = setup(2, { now: true });
    calls.pump();
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).toBe(PARK.waitAsync);
    calls.close();
  });

  it("polls for a while when a core is free, then sleeps", () => {
    const { calls, readings } = setup(1);
    calls.pump();
    expect(readings()).toBeGreaterThan(400); // polled until spinUs (500 µs of the fake clock) passed without a result
    expect(Atomics.load(calls.ctrl, CTRL.mainPark)).not.toBe(PARK.awake);
    calls.close();
  });
});
