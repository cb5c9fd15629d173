import type { BridgeNames } from "@threadlab/chromium/page-bridge";

/** How the pools race's Chromium runner and its page talk: the request goes in, log lines and the result come out. */
export const POOLS_BRIDGE = {
  start: "__poolsStart",
  result: "__poolsResult",
  fail: "__poolsFail",
  log: "__poolsLog",
} as const satisfies BridgeNames & { log: string };
