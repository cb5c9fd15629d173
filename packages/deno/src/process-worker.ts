/**
 * A child Deno process serving the benchmark kernels: core's JSON-lines
 * protocol on stdin/stdout. It needs no permissions at all: its module graph
 * is static imports only. (A pool's own module runs behind process-host.ts.)
 */
import { benchWorkerApi } from "@threadlab/core";
import { serveJsonLines } from "@threadlab/core/pool";
import { readLines, writeLine } from "./child-stdio.ts";

await readLines(serveJsonLines(benchWorkerApi, writeLine).receive);
