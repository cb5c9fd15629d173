import { setProcessHost } from "../pool/process-host.ts";
import { serveJsonLines } from "./json-lines.ts";

/**
 * A pool's child process, whatever the runtime: serves `module` (through the
 * host its `expose()` finds), or without one the API `kernels` gives (the
 * benchmark kernels: the adapters pass core's `benchWorkerApi`, loaded only
 * then), as JSON lines handed to `write`. Returns where each line read from
 * stdin goes.
 */
export async function serveChild(
  module: string | undefined,
  write: (line: string) => void,
  kernels: () => object | Promise<object>,
): Promise<(line: string) => void> {
  if (!module) return serveJsonLines(await kernels(), write).receive;
  const receive = hostModule(write);
  await import(module);
  return receive;
}

/**
 * Installs the host for a module loaded after this (imported, or run as the
 * main module after this one, as Deno's --preload does); returns where each
 * line read from stdin goes. The pool sends nothing before the module's
 * hello, so no line comes before its expose(); `serving`, if given, is told
 * when it has run (a reader that must not start earlier starts there).
 */
export function hostModule(write: (line: string) => void, serving?: (receive: (line: string) => void) => void): (line: string) => void {
  let receive: ((line: string) => void) | undefined;
  setProcessHost((api, options) => {
    receive = serveJsonLines(api, write, options).receive;
    serving?.(receive);
  });
  return (line) => receive?.(line);
}
