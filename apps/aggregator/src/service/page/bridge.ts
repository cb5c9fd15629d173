import type { BridgeNames } from "@threadlab/chromium/page-bridge";
import type { PageRequest } from "../page-request.ts";
import type { PageRun } from "../types.ts";

/** How the service experiment's Chromium runner and its page talk: the request goes in, log lines and the result come out. */
export const SERVICE_BRIDGE = {
  start: "__serviceStart",
  result: "__serviceResult",
  fail: "__serviceFail",
  log: "__serviceLog",
} as const satisfies BridgeNames & { log: string };

/** What the runner hands the page's start function (as JSON). */
export interface ServicePageInput {
  request: PageRequest;
  /** The delay route's path on the page's own origin (`?ms=N` answers after N ms). */
  delayPath: string;
}

/** What the page answers; the runner adds the browser's version. */
export interface ServicePageOutput {
  itersPerUs: number;
  page: PageRun[];
}
