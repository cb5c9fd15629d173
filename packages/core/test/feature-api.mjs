// @ts-self-types="./feature-api.d.mts"
// The worker API behind the pool-feature cases (pool-feature-cases.ts), the
// same in every runtime: each runtime's fixture worker only hands it to its
// adapter's expose(). Plain JavaScript so that a Node 20 worker thread can
// load it as it is; its types are in feature-api.d.mts.
const self = Math.random().toString(36).slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const hoard = [];

export const featureApi = {
  who: () => self,
  later: async (value, ms) => {
    await sleep(ms);
    return { value, who: self };
  },
  fail: () => {
    throw new RangeError("failed on purpose");
  },
  grow: (mb, _via) => {
    hoard.push(new Array(mb * 2 ** 17).fill(1.5));
    return hoard.length;
  },
  /** A result shared memory does not carry: it comes back by message. */
  asMap: (value) => new Map([["value", value]]),
  pid: () => globalThis.process?.pid ?? 0,
  abort: () => globalThis.process.abort(),
  richFail: () => {
    throw Object.assign(new TypeError("rich failure", { cause: new Error("root") }), { code: "E_RICH", details: { a: 1 } });
  },
  /** An error nobody catches, outside any call: the worker dies. */
  crash: () => {
    setTimeout(() => {
      throw new Error("crashed on purpose");
    }, 1);
    return new Promise(() => {});
  },
  /** The worker ends itself: process.exit(3) where there is a process, self.close() in a page. */
  exitSelf: () => {
    setTimeout(() => (globalThis.process?.exit ? globalThis.process.exit(3) : globalThis.close()), 1);
    return new Promise(() => {});
  },
  /**
   * A hang: holds its thread for 3 s, far past the 200 ms the fault case allows it. Not forever: Deno (2.9) cannot
   * stop a thread busy in synchronous code, and an endless loop burned a core for the rest of the test run (a third of
   * the Deno suite's CPU). Deno's own endless case runs in a process of its own (hang-main.ts).
   */
  spin: () => {
    const end = performance.now() + 3_000;
    while (performance.now() < end);
    throw new Error("spin ended: the pool should have timed it out long before");
  },
  /** Holds its thread for `ms` without returning to the event loop. */
  busy: (ms) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
    return ms;
  },
  hog: () => {
    for (;;) hoard.push(new Array(1 << 16).fill(hoard.length));
  },
  closeSelf: () => {
    setTimeout(() => globalThis.close(), 5);
    return new Promise(() => {});
  },
};
