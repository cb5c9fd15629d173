#!/usr/bin/env node
/**
 * threadlab's Chromium runner (a Node program): the plan JSON is the last
 * argument; progress goes to stderr as NDJSON, the result to stdout.
 */
import { parsePlan } from "@threadlab/core";
import { runInChromium } from "./run-in-chromium.ts";
import { runProgram } from "./run-program.ts";

await runProgram({
  name: "threadlab chromium runner",
  parse(arg) {
    if (!arg) throw new Error("usage: runner.js '<plan JSON>'");
    return parsePlan(JSON.parse(arg));
  },
  run: (plan, signal) =>
    runInChromium(plan, {
      signal,
      // Serve another page folder instead of the built one (the tests use this for failing pages).
      pageDir: process.env.THREADLAB_WEB_PAGE_DIR,
      onProgress: (event) => process.stderr.write(`${JSON.stringify({ threadlab: "progress", ...event })}\n`),
    }),
});
