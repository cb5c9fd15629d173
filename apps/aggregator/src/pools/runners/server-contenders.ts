import { fileURLToPath } from "node:url";
import { PEERS, PEER_PACKAGE, THREADLAB_PACKAGE, peerEntry } from "../catalogue.ts";
import type { Contender, ContenderFactory } from "../contender.ts";
import { multithreading } from "../contenders/multithreading.ts";
import { piscina } from "../contenders/piscina.ts";
import { poolifierWebWorker } from "../contenders/poolifier-web-worker.ts";
import { poolifier } from "../contenders/poolifier.ts";
import { threadlabPool, type CreatePool } from "../contenders/threadlab-pool.ts";
import { tinypool } from "../contenders/tinypool.ts";
import { workerpool } from "../contenders/workerpool.ts";
import type { RunnerRequest } from "../settings.ts";

/** A worker module beside the race's other workers (src/pools/workers/). */
const worker = (name: string) => new URL(`../workers/${name}`, import.meta.url);

/**
 * The contenders of the Deno and Bun races: threadlab from that runtime's
 * package, the Web Worker pools, and the Node pools through the runtime's
 * node:worker_threads. Versions come from the CLI, which reads node_modules.
 */
export function serverFactories(runtime: "deno" | "bun", request: RunnerRequest, createPool: CreatePool): ContenderFactory[] {
  const version = (pkg: string) => request.versions[pkg] ?? "?";
  const peerVersion = (peer: string) => version(PEER_PACKAGE[peer]!);
  const peers: Record<string, () => Contender> = {
    "poolifier-web-worker": () => poolifierWebWorker(worker("poolifier-web-worker.worker.mjs"), peerVersion("poolifier-web-worker")),
    multithreading: () => multithreading(peerVersion("multithreading")),
    piscina: () => piscina(fileURLToPath(worker("piscina.worker.mjs")), peerVersion("piscina")),
    tinypool: () => tinypool(fileURLToPath(worker("tinypool.worker.mjs")), peerVersion("tinypool")),
    workerpool: () => workerpool(fileURLToPath(worker("workerpool.worker.mjs")), peerVersion("workerpool"), runtime === "bun" ? "web" : "thread"),
    poolifier: () => poolifier(fileURLToPath(worker("poolifier.worker.mjs")), peerVersion("poolifier")),
  };
  return [
    { name: "threadlab", ours: true, create: () => threadlabPool(version(THREADLAB_PACKAGE[runtime]), () => createPool, worker(`threadlab.${runtime}.worker.mjs`)) },
    ...PEERS[runtime].map((name) => peerEntry(runtime, name, peers[name]!)),
  ];
}
