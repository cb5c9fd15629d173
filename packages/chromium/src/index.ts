/**
 * threadlab's Chromium runner, Node side: finding Chromium (for `threadlab
 * doctor`), the cross-origin isolated static server, driving a page, and
 * running a plan in the browser.
 */
import { fileURLToPath } from "node:url";

export { CHROMIUM_FIX, chromiumCandidates, chromiumVersion, findChromium, type ChromiumProbe } from "./find-chromium.ts";
export { DELAY_PATH } from "./delay-path.ts";
export { ISOLATION_HEADERS, resolveRequestPath, serveStatic, type ServeOptions, type StaticServer } from "./serve-static.ts";
export { CHROMIUM_ARGS, ChromiumRunError, closeBrowser, launchChromium } from "./launch-chromium.ts";
export { drivePage, type DrivePageOptions, type PageBridge, type PageOutcome } from "./drive-page.ts";
export type { BridgeNames } from "./page-bridge.ts";
export { hostMachine, pageDeadlineMs, runInChromium, type ChromiumRunOptions } from "./run-in-chromium.ts";
export { runProgram, type Program } from "./run-program.ts";

/** The runner program's file (run it with `node <file> '<plan JSON>'`). */
export const runnerPath: string = fileURLToPath(new URL("./runner.js", import.meta.url));
