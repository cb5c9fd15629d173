export declare const featureApi: {
  /** Which worker this is: a value no other worker has. */
  who(): string;
  /** `value` and the worker's id, after `ms`. */
  later(value: number, ms: number): Promise<{ value: number; who: string }>;
  fail(): never;
  /** Keeps about `mb` MiB more on the worker's heap. A `Map` as `via` sends the call by message, not through shared memory. */
  grow(mb: number, via?: Map<string, number>): number;
  /** `value` in a Map: a result shared memory does not carry, so it comes back by message. */
  asMap(value: number): Map<string, number>;
  /** The process this worker runs in. */
  pid(): number;
  /** Aborts the whole process it runs in, as a native crash would. */
  abort(): never;
  richFail(): never;
  /** An error nobody catches, outside any call: the worker dies. */
  crash(): Promise<never>;
  /** The worker ends itself: process.exit(3) where there is a process, self.close() in a page. */
  exitSelf(): Promise<never>;
  spin(): never;
  /** Holds its thread for `ms` without returning to the event loop. */
  busy(ms: number): number;
  /** Allocates until the heap is exhausted. */
  hog(): never;
  /** The worker ends itself shortly, as a page's worker does with `self.close()`, this call still running. */
  closeSelf(): Promise<never>;
};
export type FeatureApi = typeof featureApi;
