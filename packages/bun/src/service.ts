/**
 * The service experiment's server in Bun: `bun service.ts '<options JSON>'`
 * (core's ServiceOptions). Several of these with `reusePort` serve one port:
 * the process-based mode.
 */
import { serviceMain } from "@threadlab/core";
import { bunAdapter } from "./adapter.ts";

/** SIGTERM, SIGINT, or stdin closing: the parent is done with us or gone. */
const stopped = new Promise<void>((resolve) => {
  process.once("SIGTERM", () => resolve());
  process.once("SIGINT", () => resolve());
  (async () => {
    for await (const _ of Bun.stdin.stream());
  })().then(resolve, resolve);
});

const json = process.argv.length > 2 ? process.argv.at(-1) : undefined;
const code = await serviceMain(json, bunAdapter, { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t), stopped }, process.pid);
// Everything is closed; stdin, still being read for its end, would keep Bun alive.
process.exit(code);
