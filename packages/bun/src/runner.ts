/**
 * threadlab's Bun runner: the plan JSON is the last argument; progress goes
 * to stderr as NDJSON, the result document to stdout (core's runnerMain and
 * runner protocol).
 *
 *   bun packages/bun/src/runner.ts '<plan json>'
 */
import { runnerMain } from "@threadlab/core";
import { bunAdapter } from "./adapter.ts";

// argv is [bun, runner.ts, ...args]: with no argument there is no plan.
const planJson = process.argv.length > 2 ? process.argv.at(-1) : undefined;

process.exitCode = await runnerMain(planJson, bunAdapter, {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
