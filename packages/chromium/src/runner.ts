#!/usr/bin/env node
/**
 * threadlab's Chromium runner (a Node program): the plan JSON is the last
 * argument; core's runnerMain puts progress on stderr as NDJSON and the
 * result on stdout, as the other runtimes' runners do.
 */
import { runnerMain } from "@threadlab/core";
import { runInChromium } from "./run-in-chromium.ts";
import { runUntilSignal } from "./run-program.ts";

await runUntilSignal((planJson, signal) =>
  runnerMain(
    planJson,
    {
      name: "threadlab chromium runner",
      runPlan: (plan, onProgress) =>
        runInChromium(plan, {
          signal,
          // Serve another page folder instead of the built one (the tests use this for failing pages).
          pageDir: process.env.THREADLAB_WEB_PAGE_DIR,
          onProgress,
        }),
    },
    {
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
    },
  ),
);
