import { pathToFileURL } from "node:url";
import { PEERS, PEER_PACKAGE } from "./catalogue.ts";
import type { Contender, ContenderFactory } from "./contender.ts";
import { comlinkRoundRobin } from "./contenders/comlink-rr.ts";
import { peerContenders } from "./contenders/peers.ts";
import { threadlab, type ThreadlabBuild } from "./contenders/threadlab.ts";
import { installedVersion, workerFile } from "./paths.ts";

/** Node's peers, by name; catalogue.ts says which and in what order. */
const NODE_PEERS: Record<string, () => Contender> = {
  ...peerContenders("node", (peer) => installedVersion(PEER_PACKAGE[peer]!), (name) => pathToFileURL(workerFile(name))),
  "comlink-rr": comlinkRoundRobin,
};

/** Why a peer cannot run in this Node, found out here rather than written down. */
function unsupportedInNode(name: string): string | undefined {
  // multithreading reads navigator.hardwareConcurrency when it loads; Node has a global navigator from 21 on.
  if (name === "multithreading" && typeof (globalThis as { navigator?: unknown }).navigator === "undefined") {
    return `not run in Node ${process.versions.node}: it needs the global navigator that Node has from 21 on`;
  }
  return undefined;
}

/**
 * The workspace's threadlab, then each --threadlab-from build, then the peers
 * ("vs best peer" divides by the fastest of these, so ours is never its own yardstick).
 */
export function contenders(builds: readonly ThreadlabBuild[]): ContenderFactory[] {
  const ours = [{ name: "threadlab" }, ...builds].map((build) => ({ name: build.name, ours: true, create: () => threadlab(build) }));
  const peers = PEERS.node.map((name) => {
    const unsupported = unsupportedInNode(name);
    return { name, ours: false, create: NODE_PEERS[name]!, ...(unsupported ? { unsupported } : {}) };
  });
  return [...ours, ...peers];
}
