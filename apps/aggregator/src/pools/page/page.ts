/**
 * The pools race in a Chromium page: bundled by tsup into dist/pools-page/
 * with the workers beside it, served cross-origin isolated and driven by
 * runners/chromium.ts, which calls __poolsStart and hears back through the
 * functions it exposes. A page cannot read CPU time, so the race runs without
 * a clock and the CPU figures are absent. Machine facts are what the page can
 * see (navigator), as @threadlab/web's adapter reports them.
 */
import { createPool, webAdapter } from "@threadlab/web";
import { PEERS, PEER_PACKAGE, THREADLAB_PACKAGE, peerEntry } from "../catalogue.ts";
import type { Contender, ContenderFactory } from "../contender.ts";
import { multithreading } from "../contenders/multithreading.ts";
import { poolifierWebWorker } from "../contenders/poolifier-web-worker.ts";
import { threadlabPool, type CreatePool } from "../contenders/threadlab-pool.ts";
import { racePools } from "../runner-main.ts";
import { parseRunnerRequest, type RunnerRequest } from "../settings.ts";

interface Bridge {
  __poolsLog(line: string): Promise<void>;
  __poolsResult(resultJson: string): Promise<void>;
  __poolsFail(message: string): Promise<void>;
  __poolsStart?(requestJson: string): void;
}

const bridge = globalThis as unknown as Bridge;
const nav = (globalThis as unknown as { navigator: { userAgent: string } }).navigator;

/** A bundled file beside this one in dist/pools-page/. */
const here = (file: string) => new URL(`./${file}`, import.meta.url);

function factories(request: RunnerRequest): ContenderFactory[] {
  const version = (pkg: string) => request.versions[pkg] ?? "?";
  const peers: Record<string, () => Contender> = {
    "poolifier-web-worker": () => poolifierWebWorker(here("poolifier-web-worker.worker.js"), version(PEER_PACKAGE["poolifier-web-worker"]!)),
    // Its pool starts ./worker.js beside the module that loads it (this bundle): tsup puts multithreading's worker there.
    multithreading: () => multithreading(version(PEER_PACKAGE.multithreading!)),
  };
  return [
    {
      name: "threadlab",
      ours: true,
      create: () => threadlabPool(version(THREADLAB_PACKAGE.chromium), () => ({ createPool: createPool as unknown as CreatePool, url: here("threadlab.worker.js") })),
    },
    ...PEERS.chromium.map((name) => peerEntry("chromium", name, peers[name]!)),
  ];
}

// Exposed-function calls are sent one after another, so progress stays in order.
let outbox: Promise<unknown> = Promise.resolve();
const send = (fn: () => Promise<void>) => (outbox = outbox.then(fn, fn));

bridge.__poolsStart = (requestJson: string) => {
  void (async () => {
    try {
      const request = parseRunnerRequest(requestJson);
      const { result } = await racePools(
        request,
        {
          // The driver replaces the version with the browser's own (Browser.version()).
          host: { runtime: { name: "chromium", version: /Chrome\/([\d.]+)/.exec(nav.userAgent)?.[1] ?? "?" }, machine: webAdapter.machine() },
          factories: factories(request),
        },
        (line) => void send(() => bridge.__poolsLog(line)),
      );
      await send(() => bridge.__poolsResult(JSON.stringify(result)));
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await send(() => bridge.__poolsFail(message));
    }
  })();
};
