/**
 * The pools race in Bun: `bun bun.ts '<request JSON>'`. Progress on stderr,
 * one PoolsResult JSON on stdout. Not type-checked by the aggregator's tsc
 * (it would pull in @threadlab/bun's sources, which need Bun's types);
 * everything it calls is.
 */
import * as os from "node:os";
import { machineFromOs } from "@threadlab/core";
import { createPool } from "@threadlab/bun";
import { cpuClockOf } from "../measure.ts";
import { procThreadClock } from "../thread-clock.ts";
import { runnerMain } from "../runner-main.ts";
import { serverFactories } from "./server-contenders.ts";

const { code } = await runnerMain(
  process.argv.length > 2 ? process.argv.at(-1) : undefined,
  (request) => ({
    host: { runtime: { name: "bun", version: Bun.version }, machine: machineFromOs(os) },
    factories: serverFactories("bun", request, createPool),
    cpu: cpuClockOf(process),
    // JavaScriptCore's JIT and GC threads, the allocator's scavenger, Bun's I/O pool (after a burst, JITWorker alone ran 10–20 ms in the next second).
    threads: procThreadClock(/^(JITWorker|HeapHelper|.*ollector Thread|mi-scavenger|JSCWarmUp|Bun Pool \d+)/),
  }),
  {
    stdout: (text) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve())),
    stderr: (text) => void process.stderr.write(text),
  },
);
// Explicitly: a pool that did not close may have left threads that would keep Bun alive.
process.exit(code);
