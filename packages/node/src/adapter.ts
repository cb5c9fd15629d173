import { availableParallelism, arch, cpus, hostname, release, totalmem, type } from "node:os";
import { Worker } from "node:worker_threads";
import type { RuntimeAdapter, WorkerExit, WorkerHandle } from "@threadlab/core";
import { nodeEndpoint } from "./endpoint.ts";
import { nodeIo } from "./io.ts";
import { startProcess } from "./process.ts";

function startWorker(url: URL | string, options: { name?: string } = {}): WorkerHandle {
  const worker = new Worker(url, options.name ? { name: options.name } : {});
  let exited = false;
  const listeners: Array<(exit: WorkerExit) => void> = [];
  const report = (exit: WorkerExit) => {
    if (exited) return;
    exited = true;
    for (const l of listeners) l(exit);
  };
  // An uncaught error is followed by 'exit'; report the error, which says more.
  worker.on("error", (error) => report({ error }));
  worker.on("exit", (code) => report({ code }));
  return {
    endpoint: nodeEndpoint(worker),
    async terminate() {
      if (!exited) await worker.terminate();
    },
    onExit(listener) {
      listeners.push(listener);
    },
  };
}

export const nodeAdapter: RuntimeAdapter = {
  runtime: () => ({ name: "node", version: process.versions.node, engine: "V8", engineVersion: process.versions.v8 }),
  machine: () => ({
    name: hostname(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    arch: arch(),
  }),
  cpuCount: () => availableParallelism(),
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
