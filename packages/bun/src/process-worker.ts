/**
 * A child Bun process serving a pool's module (argv[2], isolation "process"),
 * which needs the pool alone, or the benchmark kernels, which come with
 * core's whole entry, loaded only then: core's JSON-lines protocol on
 * stdin/stdout (stdout carries nothing else).
 */
import { createInterface } from "node:readline";
import { serveChild } from "@threadlab/core/pool";

const receive = await serveChild(
  process.argv[2],
  (line) => void process.stdout.write(line),
  async () => (await import("@threadlab/core")).benchWorkerApi,
);
createInterface({ input: process.stdin })
  .on("line", receive)
  // stdin closed: the parent is gone or done with us.
  .on("close", () => process.exit(0));
