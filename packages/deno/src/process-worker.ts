/**
 * A child Deno process serving the benchmark kernels: core's JSON-lines
 * protocol on stdin/stdout (stdout carries nothing else). It needs no
 * permissions at all: its module graph is static imports only.
 */
import { benchWorkerApi, linesOf, serveJsonLines } from "@threadlab/core";

const encoder = new TextEncoder();

/** Writes the whole line, in order: a pipe may take a large one in several writes. */
function write(line: string): void {
  let bytes = encoder.encode(line);
  while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
}

const { receive } = serveJsonLines(benchWorkerApi, write);
for await (const line of linesOf(Deno.stdin.readable)) receive(line);
// stdin closed: the parent is gone or done with us.
Deno.exit(0);
