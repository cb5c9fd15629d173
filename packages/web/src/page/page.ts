/**
 * The page the Chromium runner loads: runs a plan through core's runPlan and
 * the web adapter, and hands progress and the result back to Node through
 * functions the runner exposes on `window`.
 */
import { parsePlan, runPlan } from "@threadlab/core";
import { createWebAdapter } from "../adapter.ts";

interface Bridge {
  __threadlabProgress(eventJson: string): Promise<void>;
  __threadlabResult(resultJson: string): Promise<void>;
  __threadlabFail(message: string): Promise<void>;
  __threadlabStart?(planJson: string): void;
}

const bridge = globalThis as unknown as Bridge;
const adapter = createWebAdapter({
  benchWorkerUrl: new URL("./bench-worker.js", import.meta.url),
  delayUrl: new URL("/__threadlab/delay", location.href),
});

// Exposed-function calls are sent one after another, so progress stays in order.
let outbox: Promise<unknown> = Promise.resolve();
const send = (fn: () => Promise<void>) => (outbox = outbox.then(fn, fn));

bridge.__threadlabStart = (planJson: string) => {
  void (async () => {
    try {
      const plan = parsePlan(JSON.parse(planJson));
      const result = await runPlan(plan, adapter, {
        onProgress: (event) => void send(() => bridge.__threadlabProgress(JSON.stringify(event))),
      });
      await send(() => bridge.__threadlabResult(JSON.stringify(result)));
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await send(() => bridge.__threadlabFail(message));
    }
  })();
};
