/**
 * The page the Chromium runner loads: runs a plan through core's runPlan and
 * @threadlab/web's adapter, and hands progress and the result back to Node
 * through the functions the runner exposes, as the runner protocol's
 * messages (the same lines the other runtimes' runners print).
 */
import { encodeRunnerMessage, parsePlan, runPlan } from "@threadlab/core";
import { createWebAdapter } from "@threadlab/web";
import { DELAY_PATH } from "../delay-path.ts";
import { answerDriver } from "../page-bridge.ts";
import { PLAN_BRIDGE } from "./plan-bridge.ts";

const adapter = createWebAdapter({
  benchWorkerUrl: new URL("./bench-worker.js", import.meta.url),
  delayUrl: new URL(DELAY_PATH, location.href),
});

answerDriver(PLAN_BRIDGE, async (planJson, tell) => {
  const result = await runPlan(parsePlan(JSON.parse(planJson)), adapter, {
    onProgress: (event) => tell(PLAN_BRIDGE.progress, encodeRunnerMessage({ kind: "progress", event })),
  });
  return encodeRunnerMessage({ kind: "result", result });
});
