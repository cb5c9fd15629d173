import * as os from "node:os";
import { machineFromOs } from "@threadlab/core";
import type { ThreadlabBuild } from "../contenders/threadlab.ts";
import { cpuClockOf } from "../measure.ts";
import { contenders } from "../registry.ts";
import type { RaceEnv } from "../runner-main.ts";

/** Node races in the CLI's own process: its contenders (--threadlab-from builds too), node:os and process.cpuUsage(). */
export function nodeEnv(builds: readonly ThreadlabBuild[]): RaceEnv {
  return {
    host: { runtime: { name: "node", version: process.versions.node }, machine: machineFromOs(os) },
    factories: contenders(builds),
    cpu: cpuClockOf(process),
    // No thread clock: Node names every thread "node", so its idle CPU cannot be split into the pool's and the runtime's.
  };
}
