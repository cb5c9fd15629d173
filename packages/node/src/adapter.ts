import * as os from "node:os";
import { Worker } from "node:worker_threads";
import { workerThreadHandle, type StartWorkerOptions, type WorkerHandle } from "@threadlab/core/pool";
import { machineFromOs, type RuntimeAdapter } from "@threadlab/core/probe";
import { nodeIo } from "./io.ts";
import { startProcess } from "./process.ts";

function startWorker(url: URL | string, options: StartWorkerOptions = {}): WorkerHandle {
  refuseTypeScriptWithoutSupport(url);
  const worker = new Worker(url, {
    ...(options.name ? { name: options.name } : {}),
    // Enforced by V8 per thread: a worker past its heap dies alone (ERR_WORKER_OUT_OF_MEMORY), the process lives on.
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
  return workerThreadHandle(worker);
}

/**
 * Node runs a .ts module only from 22.6 (with --experimental-strip-types,
 * by default from 23.6); before that the worker dies on a syntax error that
 * never names the cause. Say it up front.
 */
function refuseTypeScriptWithoutSupport(url: URL | string): void {
  const path = String(url).split(/[?#]/)[0]!;
  if (!/\.[cm]?ts$/.test(path) || (process.features as { typescript?: unknown }).typescript) return;
  throw new Error(
    `Node ${process.versions.node} cannot run the TypeScript worker module ${path}: ` +
      "Node runs .ts files from 22.6 (with --experimental-strip-types; by default from 23.6). Upgrade Node, or compile the worker to .js.",
  );
}

export const nodeAdapter: RuntimeAdapter = {
  runtime: () => ({ name: "node", version: process.versions.node, engine: "V8", engineVersion: process.versions.v8 }),
  machine: () => machineFromOs(os),
  cpuCount: () => os.availableParallelism(),
  now: () => performance.now(),
  memory: () => {
    const m = process.memoryUsage();
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
  },
  startWorker,
  benchWorkerUrl: new URL("./bench-worker.js", import.meta.url),
  startProcess,
  io: nodeIo,
};
