/**
 * Which pools race in which runtime. Plain data (no `node:` imports): the CLI
 * reads it to check --only and to look up package versions, and each
 * runtime's runner builds its contenders from it.
 */
import { RUNTIME_NAMES, type RuntimeName } from "@threadlab/core";

/** The race runs in every runtime threadlab knows. */
export type PoolsRuntime = RuntimeName;

/** The threadlab package each runtime's race uses. */
export const THREADLAB_PACKAGE: Record<PoolsRuntime, string> = {
  node: "@threadlab/node",
  deno: "@threadlab/deno",
  bun: "@threadlab/bun",
  chromium: "@threadlab/web",
};

/**
 * The peers raced in each runtime, in table order, after threadlab. The Node
 * pools (piscina, tinypool, workerpool, poolifier) run in Deno and Bun through
 * their node:worker_threads; poolifier-web-worker and multithreading are the
 * pools written for Web Workers. poolifier-web-worker refuses to load in Node
 * ("Unsupported JavaScript runtime environment"), so Node does not list it.
 */
export const PEERS: Record<PoolsRuntime, readonly string[]> = {
  node: ["piscina", "tinypool", "workerpool", "poolifier", "comlink-rr", "multithreading"],
  deno: ["poolifier-web-worker", "multithreading", "piscina", "tinypool", "workerpool", "poolifier"],
  bun: ["poolifier-web-worker", "multithreading", "piscina", "tinypool", "workerpool", "poolifier"],
  chromium: ["poolifier-web-worker", "multithreading"],
};

/** The npm package behind each peer, for its version. */
export const PEER_PACKAGE: Record<string, string> = {
  piscina: "piscina",
  tinypool: "tinypool",
  workerpool: "workerpool",
  poolifier: "poolifier",
  "comlink-rr": "comlink",
  multithreading: "multithreading",
  "poolifier-web-worker": "poolifier-web-worker",
};

/**
 * Peers seen to fail in a runtime, each with the reason. They are not run
 * (the race shows an error row with the reason and the exit code ignores it)
 * unless named in --only, which runs them anyway: that is how to check
 * whether a newer runtime or package has fixed them.
 */
export const KNOWN_FAILURES: Partial<Record<PoolsRuntime, Record<string, string>>> = {
  deno: {
    // Seen with Deno 2.9.6 and poolifier 5.3: in about one run in three (two threads), destroy() waits
    // for a worker's 'exit' event that never comes, so the race's close gives up after 30 s.
    poolifier: "not run in Deno: now and then its destroy() never settles (a worker's exit goes unseen), leaving threads behind",
    // Seen with Deno 2.9.6 and tinypool 2.2: in most runs one call among the first few thousand is never answered.
    tinypool: "not run in Deno: now and then a call is never answered, so the race's phase hangs until its time limit",
  },
  chromium: {
    // poolifier-web-worker 0.5.15 tells browsers apart by globalThis.window, which a Web Worker lacks.
    "poolifier-web-worker": "not run in Chromium: its module throws \"Unsupported JavaScript runtime environment\" inside a Web Worker (no window there)",
  },
};

/** A runtime's peer as a race entry: marked unsupported, with the reason, where it is known to fail. */
export function peerEntry<T>(runtime: PoolsRuntime, name: string, create: () => T): { name: string; ours: false; create: () => T; unsupported?: string } {
  const reason = KNOWN_FAILURES[runtime]?.[name];
  return { name, ours: false, create, ...(reason ? { unsupported: reason } : {}) };
}

/** Every contender name --only may name, in any runtime (threadlab@<label> builds aside). */
export function knownContenders(): string[] {
  return ["threadlab", ...new Set(RUNTIME_NAMES.flatMap((r) => PEERS[r]))];
}
