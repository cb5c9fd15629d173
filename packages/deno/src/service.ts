/**
 * The service experiment's server in Deno: `deno run <flags> service.ts '<options JSON>'`
 * (core's ServiceOptions; the runner's permissions cover it). Several of these
 * with `reusePort` serve one port: the process-based mode.
 */
import { serviceMain } from "@threadlab/core";
import { denoAdapter } from "./adapter.ts";
import { writeAll } from "./child-stdio.ts";

/** SIGTERM, SIGINT, or stdin closing: the parent is done with us or gone. */
const stopped = new Promise<void>((resolve) => {
  Deno.addSignalListener("SIGTERM", resolve);
  Deno.addSignalListener("SIGINT", resolve);
  (async () => {
    for await (const _ of Deno.stdin.readable);
  })().then(resolve, resolve);
});

const code = await serviceMain(Deno.args.at(-1), denoAdapter, { stdout: (t) => writeAll(Deno.stdout, t), stderr: (t) => writeAll(Deno.stderr, t), stopped }, Deno.pid);
// Everything is closed; stdin, still being read for its end, and the signal listeners would keep Deno alive.
Deno.exit(code);
