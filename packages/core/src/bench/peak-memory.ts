import type { Scenario } from "../schema/result.ts";
import type { RuntimeAdapter } from "../probe/runtime-probe.ts";

/** The most memory a row's samples saw, read after each one (where the runtime reports it). */
export class PeakMemory {
  #rss = 0;
  #heap = 0;
  constructor(private readonly adapter: RuntimeAdapter) {}
  sample(): void {
    const m = this.adapter.memory();
    if (m?.rssBytes !== undefined) this.#rss = Math.max(this.#rss, m.rssBytes);
    if (m?.heapUsedBytes !== undefined) this.#heap = Math.max(this.#heap, m.heapUsedBytes);
  }
  peak(): Scenario["memory"] | undefined {
    if (!this.#rss && !this.#heap) return undefined;
    return { ...(this.#rss ? { peakRssBytes: this.#rss } : {}), ...(this.#heap ? { peakHeapUsedBytes: this.#heap } : {}) };
  }
}
