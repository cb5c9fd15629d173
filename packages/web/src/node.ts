/**
 * Node-side helpers: finding Chromium (for `threadlab doctor`), the isolated
 * static server and running a plan in the browser. Not for browsers.
 */
export { CHROMIUM_FIX, chromiumCandidates, chromiumVersion, findChromium, type ChromiumProbe } from "./chromium.ts";
export { DELAY_PATH, ISOLATION_HEADERS, resolveRequestPath, serveStatic, type ServeOptions, type StaticServer } from "./server.ts";
export {
  CHROMIUM_ARGS,
  ChromiumRunError,
  hostMachine,
  pageDeadlineMs,
  runInChromium,
  type ChromiumRunOptions,
} from "./run-in-chromium.ts";
import { fileURLToPath } from "node:url";

/** The runner program's file (run it with `node <file> '<plan JSON>'`). */
export const runnerPath: string = fileURLToPath(new URL("./runner.js", import.meta.url));
