import { createInterface } from "node:readline";
import { benchWorkerApi, serveJsonLines } from "@threadlab/core";

// stdout carries the protocol: nothing else may write to it.
const { receive } = serveJsonLines(benchWorkerApi, (line) => process.stdout.write(line));
createInterface({ input: process.stdin })
  .on("line", receive)
  // The parent is gone: so are we.
  .on("close", () => process.exit(0));
