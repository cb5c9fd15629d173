import * as os from "node:os";
import { Worker } from "node:worker_threads";
import { exitOnce, machineFromOs, type RuntimeAdapter, type WorkerHandle } from "@threadlab/core";
import { nodeEndpoint } from "./endpoint.ts";
import { nodeIo } from "./io.ts";
import { startProcess } from "./process.ts";

function startWorker(url: URL | string, options: { name?: string } = {}): WorkerHandle {
  const worker = new Worker(url, options.name ? { name: options.name } : {});
  const exit = exitOnce();
  // An uncaught error is followed by 'exit'; report the error, which says more.
  worker.on("error", (error) => exit.report({ error }));
  worker.on("exit", (code) => exit.report({ code }));
  return {
    endpoint: nodeEndpoint(worker),
    async terminate() {
      const running = !exit.exited;
      exit.silence(); // asked for: not a crash
      if (running) await worker.terminate();
    },
    onExit: exit.onExit,
  };
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
