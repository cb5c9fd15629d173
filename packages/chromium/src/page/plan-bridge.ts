import type { BridgeNames } from "../page-bridge.ts";

/** How the runner and its page talk: the plan goes in, progress events and the result come out. */
export const PLAN_BRIDGE = {
  start: "__threadlabStart",
  result: "__threadlabResult",
  fail: "__threadlabFail",
  progress: "__threadlabProgress",
} as const satisfies BridgeNames & { progress: string };
