/**
 * A child Bun process serving the benchmark kernels: core's JSON-lines
 * protocol on stdin/stdout (stdout carries nothing else).
 */
import { createInterface } from "node:readline";
import { benchWorkerApi, serveJsonLines } from "@threadlab/core";

const { receive } = serveJsonLines(benchWorkerApi, (line) => void process.stdout.write(line));
createInterface({ input: process.stdin })
  .on("line", receive)
  // stdin closed: the parent is gone or done with us.
  .on("close", () => process.exit(0));
