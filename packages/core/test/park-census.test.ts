import { describe, expect, it } from "vitest";
import { OWN, PARK, wakeParked } from "../src/channel/layout.ts";
import { parkCensus, sleeperToWake } from "../src/pool/shared-channel.ts";

function worker(park: PARK, more: { retiring?: boolean } = {}) {
  const own = new Int32Array(new SharedArrayBuffer(OWN.words * 4));
  Atomics.store(own, OWN.park, park);
  return { own, retired: false, retiring: more.retiring ?? false };
}

describe("which sleeping worker the caller wakes", () => {
  it("wakes one for a call that finds every worker asleep, and counts it as looking once woken: no second wake", () => {
    const a = worker(PARK.waitAsync);
    const b = worker(PARK.waitAsync);
    expect(sleeperToWake([a, b], 1)).toBe(a);
    wakeParked(a.own, OWN.park, () => {}, PARK.woken);
    // Before PARK.woken, a woken worker read as merely awake, and the same call 10 µs later woke b as well.
    expect(Atomics.load(a.own, OWN.park)).toBe(PARK.woken);
    expect(parkCensus([a, b])).toMatchObject({ polling: 1, awake: 1, sleeper: b });
    expect(sleeperToWake([a, b], 1)).toBeUndefined();
    expect(sleeperToWake([a, b], 2)).toBe(b); // two calls: the second one needs b
  });

  it("counts pollers, not busy workers, against the calls waiting; never wakes a retiring one", () => {
    expect(sleeperToWake([worker(PARK.polling), worker(PARK.nudge)], 1)).toBeUndefined();
    const sleeper = worker(PARK.nudge);
    expect(sleeperToWake([worker(PARK.awake), sleeper], 1)).toBe(sleeper);
    expect(sleeperToWake([worker(PARK.waitAsync, { retiring: true })], 1)).toBeUndefined();
  });

  it("wakes a caller's word to awake by default, and leaves a word no one sleeps on alone", () => {
    const w = worker(PARK.lazy);
    expect(wakeParked(w.own, OWN.park, () => {})).toBe(true);
    expect(Atomics.load(w.own, OWN.park)).toBe(PARK.awake);
    expect(wakeParked(worker(PARK.polling).own, OWN.park, () => {}, PARK.woken)).toBe(false);
  });
});
