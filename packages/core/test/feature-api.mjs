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
  grow: (mb) => {
    hoard.push(new Array(mb * 2 ** 17).fill(1.5));
    return hoard.length;
  },
  pid: () => globalThis.process?.pid ?? 0,
  abort: () => globalThis.process.abort(),
  hog: () => {
    for (;;) hoard.push(new Array(1 << 16).fill(hoard.length));
  },
  closeSelf: () => {
    setTimeout(() => globalThis.close(), 5);
    return new Promise(() => {});
  },
};
