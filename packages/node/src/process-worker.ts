import { createInterface } from "node:readline";
import { serveChild } from "@threadlab/core/pool";

// argv[2]: the module a pool with isolation "process" runs here, which needs the pool alone; none for the benchmark
// kernels, which come with core's whole entry, loaded only then. stdout carries the protocol: nothing else may write to it.
const receive = await serveChild(
  process.argv[2],
  (line) => process.stdout.write(line),
  async () => (await import("@threadlab/core")).benchWorkerApi,
);
createInterface({ input: process.stdin })
  .on("line", receive)
  // The parent is gone: so are we.
  .on("close", () => process.exit(0));
