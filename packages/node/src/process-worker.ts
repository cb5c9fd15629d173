import { createInterface } from "node:readline";
import { serveChild } from "@threadlab/core";

// argv[2]: the module a pool with isolation "process" runs here; none for the benchmark kernels.
// stdout carries the protocol: nothing else may write to it.
const receive = await serveChild(process.argv[2], (line) => process.stdout.write(line));
createInterface({ input: process.stdin })
  .on("line", receive)
  // The parent is gone: so are we.
  .on("close", () => process.exit(0));
