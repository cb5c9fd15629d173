#!/usr/bin/env node
import { runnerMain } from "@threadlab/core";
import { nodeAdapter } from "./adapter.ts";

process.exitCode = await runnerMain(process.argv[2], nodeAdapter, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
