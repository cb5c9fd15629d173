/**
 * Preloaded (deno run --preload) in the child process of a pool with
 * isolation "process", before the pool's module runs as the main module: the
 * module's expose() then serves over stdin/stdout. Running the module as the
 * main module, not importing it, is what lets its whole import graph load
 * without read permissions.
 */
import { linesOf, serveJsonLines, setProcessHost } from "@threadlab/core";

const encoder = new TextEncoder();
const write = (line: string) => {
  let bytes = encoder.encode(line);
  while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
};

setProcessHost((api, options) => {
  const { receive } = serveJsonLines(api, write, options);
  // Read only from here: Deno runs a preload's pending work to its end before the main module starts.
  void (async () => {
    for await (const line of linesOf(Deno.stdin.readable)) receive(line);
    Deno.exit(0); // stdin closed: the parent is gone or done with us
  })();
});
