/**
 * threadlab's Deno runner: the plan JSON is the last argument; progress goes
 * to stderr as NDJSON, the result document to stdout.
 *
 *   deno run --no-prompt --allow-read=<workspace> --allow-sys=cpus,systemMemoryInfo,osRelease \
 *     packages/deno/src/runner.ts '<plan json>'
 */
import { runnerMain } from "@threadlab/core";
import { denoAdapter } from "./adapter.ts";

const encoder = new TextEncoder();

/** Writes all of `text`; a pipe may take a large result document in several writes. */
function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
}

let code: number;
try {
  code = await runnerMain(Deno.args.at(-1), denoAdapter, {
    stdout: (text) => writeAll(Deno.stdout, text),
    stderr: (text) => writeAll(Deno.stderr, text),
  });
} catch (error) {
  writeAll(Deno.stderr, `threadlab runner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  code = 1;
}
// Exit explicitly: a worker stuck in synchronous code (timed out, terminated)
// cannot be stopped by Deno's Worker.terminate() and would keep the process alive.
Deno.exit(code);
