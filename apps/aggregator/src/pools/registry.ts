import type { ContenderFactory } from "./contender.ts";
import { comlinkRoundRobin } from "./contenders/comlink-rr.ts";
import { piscina } from "./contenders/piscina.ts";
import { poolifier } from "./contenders/poolifier.ts";
import { threadlab, type ThreadlabBuild } from "./contenders/threadlab.ts";
import { tinypool } from "./contenders/tinypool.ts";
import { workerpool } from "./contenders/workerpool.ts";

/** Everyone else: the "vs best peer" column divides by the fastest of these, so ours is never its own yardstick. */
const PEERS: ContenderFactory[] = [
  { name: "piscina", ours: false, create: piscina },
  { name: "tinypool", ours: false, create: tinypool },
  { name: "workerpool", ours: false, create: workerpool },
  { name: "poolifier", ours: false, create: poolifier },
  { name: "comlink-rr", ours: false, create: comlinkRoundRobin },
];

/** The workspace's threadlab, then each --threadlab-from build, then the peers. */
export function contenders(builds: readonly ThreadlabBuild[]): ContenderFactory[] {
  const ours = [{ name: "threadlab" }, ...builds].map((build) => ({ name: build.name, ours: true, create: () => threadlab(build) }));
  return [...ours, ...PEERS];
}
