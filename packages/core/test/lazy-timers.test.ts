import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { armAfter, LazyTimers } from "../src/pool/lazy-timers.ts";

describe("lazy timers (one sweep, when the earliest call needs it, arms the calls still pending)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => {
    const start = Date.now();
    return () => Date.now() - start;
  };

  test("the sweep comes when the earliest call is due; what it says is next brings it back then, and nothing pending ends it", () => {
    const now = clock();
    // Two calls due at 10 and 13 ms: the first sweep arms one and asks to come back for the other.
    const dueAt = [10, 13];
    const sweeps: number[] = [];
    const timers = new LazyTimers(now, (t) => {
      sweeps.push(t);
      while (dueAt.length && dueAt[0]! <= t) dueAt.shift();
      return dueAt[0] ?? Infinity;
    });
    timers.due(13);
    timers.due(10);
    timers.due(12); // later than the sweep already set: no new timer
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(sweeps).toEqual([10, 13]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("calls that never need a timer cost no sweep before they are due", () => {
    const now = clock();
    const sweep = vi.fn(() => Infinity);
    const timers = new LazyTimers(now, sweep);
    for (let i = 0; i < 1000; i++) timers.due(now() + 10);
    vi.advanceTimersByTime(9);
    expect(sweep).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(sweep).toHaveBeenCalledTimes(1);
  });

  test("clear drops the sweep", () => {
    const now = clock();
    const sweep = vi.fn(() => Infinity);
    const timers = new LazyTimers(now, sweep);
    timers.due(5);
    timers.clear();
    vi.advanceTimersByTime(50);
    expect(sweep).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  test("a call gets its own timer after a tenth of its limit, at most 10 ms", () => {
    expect(armAfter(50)).toBe(5);
    expect(armAfter(120_000)).toBe(10);
  });
});
