/**
 * The pools race in Deno: `deno run <flags> deno.ts '<request JSON>'`, flags
 * from denoPermissions() in ../runtimes.ts (never -A). Progress on stderr,
 * one PoolsResult JSON on stdout. Not type-checked by the aggregator's tsc
 * (it would pull in @threadlab/deno's sources, which need Deno's types);
 * everything it calls is.
 */
import * as os from "node:os";
import process from "node:process";
import { machineFromOs } from "@threadlab/core";
import { createPool } from "@threadlab/deno";
import { cpuClockOf } from "../measure.ts";
import { procThreadClock } from "../thread-clock.ts";
import { runnerMain } from "../runner-main.ts";
import { serverFactories } from "./server-contenders.ts";

const encoder = new TextEncoder();

/** Writes all of `text`; a pipe may take a large document in several writes. */
function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
}

const { code } = await runnerMain(
  Deno.args.at(-1),
  (request) => ({
    host: { runtime: { name: "deno", version: Deno.version.deno }, machine: machineFromOs(os) },
    factories: serverFactories("deno", request, createPool),
    // Deno's node:process reads getrusage for the whole process: every thread, workers included.
    cpu: cpuClockOf(process),
    // V8's platform threads (JIT and GC) and Tokio's runtime threads.
    threads: procThreadClock(/^(V8 DefaultWorke|V8 Platform|tokio-runtime-w)/),
  }),
  {
    stdout: async (text) => writeAll(Deno.stdout, text),
    stderr: (text) => writeAll(Deno.stderr, text),
  },
);
// Explicitly: a pool that did not close may have left threads that would keep Deno alive.
Deno.exit(code);
