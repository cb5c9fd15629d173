import type { WorkerHandle } from "../pool/worker-host.ts";
import { exitOnce } from "./exit-once.ts";
import { nodeEndpoint, type NodePort } from "./node-port.ts";

/**
 * A `node:worker_threads` Worker (Node's, or Deno's implementation) as core
 * needs it, structurally: core imports no node: module.
 */
export interface WorkerThread extends NodePort {
  on(type: "message", listener: (value: unknown) => void): unknown;
  on(type: "error", listener: (error: unknown) => void): unknown;
  on(type: "exit", listener: (code: number) => void): unknown;
  terminate(): Promise<unknown>;
}

/**
 * A worker thread as the pool sees it: its end reported once (an uncaught
 * error, which says more, before the `exit` that follows it), terminate()
 * silenced as asked for, and skipped once the thread has exited.
 */
export function workerThreadHandle(worker: WorkerThread): WorkerHandle {
  let exited = false;
  const exit = exitOnce();
  worker.on("error", (error) => exit.report({ error: error instanceof Error ? error : new Error(String(error)) }));
  worker.on("exit", (code) => {
    exited = true;
    exit.report({ code });
  });
  return {
    endpoint: nodeEndpoint(worker),
    async terminate() {
      exit.silence(); // asked for: not a crash
      if (!exited) await worker.terminate();
    },
    onExit: exit.onExit,
  };
}
