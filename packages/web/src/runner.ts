#!/usr/bin/env node
/**
 * threadlab's Chromium runner (a Node program): the plan JSON is the last
 * argument; progress goes to stderr as NDJSON, the result to stdout.
 */
import { parsePlan, type Plan } from "@threadlab/core";
import { runInChromium } from "./run-in-chromium.ts";

const PREFIX = "threadlab chromium runner";
const controller = new AbortController();
const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
let received: keyof typeof SIGNAL_CODES | undefined;
for (const sig of Object.keys(SIGNAL_CODES) as Array<keyof typeof SIGNAL_CODES>) {
  process.on(sig, () => {
    // First signal: close the browser and the server, then exit; a second one exits at once.
    if (received) process.exit(SIGNAL_CODES[sig]);
    received = sig;
    controller.abort(new Error(`received ${sig}`));
  });
}

async function main(): Promise<number> {
  const planJson = process.argv.length > 2 ? process.argv.at(-1) : undefined;
  let plan: Plan;
  try {
    if (!planJson) throw new Error("usage: runner.js '<plan JSON>'");
    plan = parsePlan(JSON.parse(planJson));
  } catch (error) {
    process.stderr.write(`${PREFIX}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const result = await runInChromium(plan, {
      signal: controller.signal,
      // Serve another page folder instead of the built one (the tests use this for failing pages).
      ...(process.env.THREADLAB_WEB_PAGE_DIR ? { pageDir: process.env.THREADLAB_WEB_PAGE_DIR } : {}),
      onProgress: (event) => process.stderr.write(`${JSON.stringify({ threadlab: "progress", ...event })}\n`),
    });
    await new Promise<void>((ok) => process.stdout.write(`${JSON.stringify(result)}\n`, () => ok()));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${PREFIX}: ${message.split("\n")[0]}\n`);
    return received ? SIGNAL_CODES[received] : 1;
  }
}

const code = await main();
// Nothing may keep the process alive once the browser and server are closed.
process.exit(code);
