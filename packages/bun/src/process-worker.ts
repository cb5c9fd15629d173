/**
 * A child Bun process serving a pool's module (argv[2], isolation "process")
 * or the benchmark kernels: core's JSON-lines protocol on stdin/stdout
 * (stdout carries nothing else).
 */
import { createInterface } from "node:readline";
import { serveChild } from "@threadlab/core";

const receive = await serveChild(process.argv[2], (line) => void process.stdout.write(line));
createInterface({ input: process.stdin })
  .on("line", receive)
  // stdin closed: the parent is gone or done with us.
  .on("close", () => process.exit(0));
