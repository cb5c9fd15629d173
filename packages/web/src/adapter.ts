import { webHost } from "./host.ts";
import type { MachineInfo, MemorySample, RuntimeAdapter, RuntimeInfo } from "@threadlab/core/probe";

/** Non-standard parts of `navigator` / `performance` that Chromium has. */
interface ChromiumNavigator {
  hardwareConcurrency?: number;
  userAgent?: string;
  platform?: string;
  deviceMemory?: number;
  userAgentData?: { brands?: Array<{ brand: string; version: string }>; platform?: string };
}
interface ChromiumPerformance {
  memory?: { usedJSHeapSize: number; totalJSHeapSize: number; jsHeapSizeLimit: number };
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
}

const nav = (): ChromiumNavigator => (globalThis as { navigator?: ChromiumNavigator }).navigator ?? {};

function chromiumVersion(): string {
  const n = nav();
  const brand = n.userAgentData?.brands?.find((b) => /^(Chromium|Google Chrome|HeadlessChrome)$/.test(b.brand));
  const fromUa = /(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(n.userAgent ?? "")?.[1];
  // The user-agent string is frozen at "<major>.0.0.0"; prefer it when it has more than the brand.
  return fromUa ?? brand?.version ?? "unknown";
}

function runtime(): RuntimeInfo {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return {
    name: "chromium",
    version: chromiumVersion(),
    engine: "V8",
    features: {
      crossOriginIsolated: g.crossOriginIsolated === true,
      hardwareConcurrency: nav().hardwareConcurrency ?? 1,
      sharedArrayBuffer: typeof SharedArrayBuffer === "function",
    },
  };
}

function machine(): MachineInfo {
  const n = nav();
  const platform = n.userAgentData?.platform || n.platform || "unknown";
  return {
    cpuModel: "unknown",
    cores: n.hardwareConcurrency ?? 1,
    ...(n.deviceMemory ? { memoryBytes: n.deviceMemory * 2 ** 30 } : {}),
    os: platform,
    arch: /x86_64|x64|Win64|amd64/i.test(n.userAgent ?? "") ? "x64" : /arm|aarch64/i.test(n.userAgent ?? "") ? "arm64" : "unknown",
  };
}

/**
 * Memory: `performance.memory` (Chromium, main thread) is synchronous; where it is
 * missing, the last `measureUserAgentSpecificMemory()` answer (needs cross-origin
 * isolation) stands in, refreshed in the background.
 */
let measured: number | undefined;
let measuring = false;
function memory(): MemorySample | undefined {
  const perf = (globalThis as { performance?: ChromiumPerformance }).performance;
  if (perf?.memory) return { heapUsedBytes: perf.memory.usedJSHeapSize };
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (perf?.measureUserAgentSpecificMemory && g.crossOriginIsolated && !measuring) {
    measuring = true;
    perf
      .measureUserAgentSpecificMemory()
      .then((m) => (measured = m.bytes))
      .catch(() => undefined)
      .finally(() => (measuring = false));
  }
  return measured !== undefined ? { heapUsedBytes: measured } : undefined;
}

export interface WebAdapterOptions {
  /**
   * The module serving threadlab's benchmark kernels (only `runPlan` needs it;
   * threadlab's Chromium runner passes its own). There is no default: a
   * `new URL(..., import.meta.url)` here would make every app's bundler emit it.
   */
  benchWorkerUrl?: URL | string;
  /**
   * A same-origin URL that answers after `?ms=N` milliseconds (the runner's
   * server has one at `/__threadlab/delay`): a page cannot start a server of
   * its own, so the asynchronous-processing scenario's loopback I/O goes there.
   */
  delayUrl?: URL | string;
}

/** A RuntimeAdapter for browsers: module Web Workers, `performance.now()`, `navigator`. */
export function createWebAdapter(options: WebAdapterOptions = {}): RuntimeAdapter {
  return {
    ...webHost,
    runtime,
    machine,
    memory,
    get benchWorkerUrl(): URL | string {
      if (options.benchWorkerUrl === undefined) throw new Error("this web adapter has no bench worker: pass createWebAdapter({ benchWorkerUrl }) to run a plan");
      return options.benchWorkerUrl;
    },
    // No startProcess: a page cannot start processes; the processes strategy reports "not applicable".
    ...(options.delayUrl
      ? {
          io: {
            async delayServer(delayMs: number) {
              const url = new URL(String(options.delayUrl), globalThis.location?.href);
              url.searchParams.set("ms", String(delayMs));
              return { url: url.href, close: async () => {} };
            },
          },
        }
      : {}),
  };
}

/** The default browser adapter. */
export const webAdapter: RuntimeAdapter = /* @__PURE__ */ createWebAdapter();
