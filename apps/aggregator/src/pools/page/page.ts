/**
 * The pools race in a Chromium page: bundled by tsup into dist/pools-page/
 * with the workers beside it, served cross-origin isolated and driven by
 * runners/chromium.ts through POOLS_BRIDGE (drivePage on that side,
 * answerDriver on this one). A page cannot read CPU time, so the race runs without
 * a clock and the CPU figures are absent. Machine facts are what the page can
 * see (navigator), as @threadlab/web's adapter reports them.
 */
import { answerDriver } from "@threadlab/chromium/page-bridge";
import { createPool, webAdapter } from "@threadlab/web";
import { PEERS, PEER_PACKAGE, THREADLAB_PACKAGE, peerEntry } from "../catalogue.ts";
import type { Contender, ContenderFactory } from "../contender.ts";
import { multithreading } from "../contenders/multithreading.ts";
import { poolifierWebWorker } from "../contenders/poolifier-web-worker.ts";
import { threadlabPool, type CreatePool } from "../contenders/threadlab-pool.ts";
import { racePools } from "../runner-main.ts";
import { parseRunnerRequest, type RunnerRequest } from "../settings.ts";
import { POOLS_BRIDGE } from "./bridge.ts";

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

answerDriver(POOLS_BRIDGE, async (requestJson, tell) => {
  const request = parseRunnerRequest(requestJson);
  const { result } = await racePools(
    request,
    {
      // The driver replaces the version with the browser's own (Browser.version()).
      host: { runtime: { name: "chromium", version: /Chrome\/([\d.]+)/.exec(nav.userAgent)?.[1] ?? "?" }, machine: webAdapter.machine() },
      factories: factories(request),
    },
    (line) => tell(POOLS_BRIDGE.log, line),
  );
  return JSON.stringify(result);
});
