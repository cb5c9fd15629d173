import { PEERS, PEER_PACKAGE, THREADLAB_PACKAGE, peerEntry } from "../catalogue.ts";
import type { ContenderFactory } from "../contender.ts";
import { peerContenders } from "../contenders/peers.ts";
import { threadlabPool, type CreatePool } from "../contenders/threadlab-pool.ts";
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
  const peers = peerContenders(runtime, (peer) => version(PEER_PACKAGE[peer]!), worker);
  return [
    { name: "threadlab", ours: true, create: () => threadlabPool(version(THREADLAB_PACKAGE[runtime]), () => ({ createPool, url: worker(`threadlab.${runtime}.worker.mjs`) })) },
    ...PEERS[runtime].map((name) => peerEntry(runtime, name, peers[name]!)),
  ];
}
