import { fileURLToPath } from "node:url";
import type { PoolsRuntime } from "../catalogue.ts";
import type { Contender } from "../contender.ts";
import { multithreading } from "./multithreading.ts";
import { piscina, tinypool } from "./piscina.ts";
import { poolifierWebWorker } from "./poolifier-web-worker.ts";
import { poolifier } from "./poolifier.ts";
import { workerpool } from "./workerpool.ts";

/**
 * The peer pools that run outside a page, by name, for a Node, Deno or Bun
 * race (catalogue.ts says which each runtime races, in what order); the
 * Node-only comlink-rr lives in the Node registry.
 * `version(peer)` gives each one's installed version; `worker(name)` the URL
 * of a worker module in src/pools/workers/.
 */
export function peerContenders(
  runtime: Exclude<PoolsRuntime, "chromium">,
  version: (peer: string) => string,
  worker: (name: string) => URL,
): Record<string, () => Contender> {
  const file = (name: string) => fileURLToPath(worker(name));
  return {
    piscina: () => piscina(file("piscina.worker.mjs"), version("piscina")),
    tinypool: () => tinypool(file("tinypool.worker.mjs"), version("tinypool")),
    workerpool: () => workerpool(file("workerpool.worker.mjs"), version("workerpool"), runtime === "bun" ? "web" : "thread"),
    poolifier: () => poolifier(file("poolifier.worker.mjs"), version("poolifier")),
    "poolifier-web-worker": () => poolifierWebWorker(worker("poolifier-web-worker.worker.mjs"), version("poolifier-web-worker")),
    multithreading: () => multithreading(version("multithreading")),
  };
}
