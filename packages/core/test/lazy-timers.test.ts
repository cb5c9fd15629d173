import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { LazyTimers } from "../src/pool/lazy-timers.ts";

describe("lazy timers (one sweep arms the calls still pending)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => {
    const start = Date.now();
    return () => Date.now() - start;
  };

  test("a call that settles before the sweep never gets a timer; one still pending is armed once, told how long it has run", () => {
    const now = clock();
    const timers = new LazyTimers(now);
    const armed: Array<[string, number]> = [];
    const cancelA = timers.add(now(), 10, (e) => armed.push(["a", e]));
    vi.advanceTimersByTime(3);
    timers.add(now(), 10, (e) => armed.push(["b", e]));
    cancelA();
    vi.advanceTimersByTime(20);
    // The sweep came at the first call's step: b, added 3 ms later, had run 7 ms.
    expect(armed).toEqual([["b", 7]]);
    vi.advanceTimersByTime(100);
    expect(armed).toHaveLength(1);
  });

  test("a shorter step brings the sweep forward for every pending call", () => {
    const now = clock();
    const timers = new LazyTimers(now);
    const armed: string[] = [];
    timers.add(now(), 10, () => armed.push("long"));
    timers.add(now(), 1, () => armed.push("short"));
    vi.advanceTimersByTime(1);
    expect(armed).toEqual(["long", "short"]);
  });

  test("clear drops the pending calls and the sweep", () => {
    const now = clock();
    const timers = new LazyTimers(now);
    const armed: string[] = [];
    timers.add(now(), 5, () => armed.push("x"));
    timers.clear();
    vi.advanceTimersByTime(50);
    expect(armed).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
