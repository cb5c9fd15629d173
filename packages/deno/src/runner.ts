/**
 * threadlab's Deno runner: the plan JSON is the last argument; progress goes
 * to stderr as NDJSON, the result document to stdout (core's runnerMain and
 * runner protocol). Its permission flags
 * come from ../permissions.json (see README "Permissions"):
 *
 *   deno run --no-prompt --allow-read=<pkg>/src,<pkg>/../core/src,<tmp> --allow-write=<tmp> \
 *     --allow-net=127.0.0.1 --allow-sys=cpus,systemMemoryInfo,osRelease,hostname --allow-run=<deno> \
 *     packages/deno/src/runner.ts '<plan json>'
 */
import { runnerMain } from "@threadlab/core";
import { denoAdapter } from "./adapter.ts";
import { writeAll } from "./child-stdio.ts";

const code = await runnerMain(Deno.args.at(-1), denoAdapter, {
  stdout: (text) => writeAll(Deno.stdout, text),
  stderr: (text) => writeAll(Deno.stderr, text),
});
// No Deno.exit(): every worker (hung ones included), child process and server
// has been ended, so the process ends by itself once this module is done.
Deno.exitCode = code;
