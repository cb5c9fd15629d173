import { expose as comlinkExpose } from "comlink";
import { CONTROL, type ControlMessage } from "./control.ts";

interface WorkerScope {
  postMessage(message: unknown): void;
  close(): void;
  addEventListener(type: string, listener: () => void): void;
}

/**
 * Call once in your worker module to serve `api` to the pool. It may come
 * after top-level `await`s: the pool holds its calls until this has run.
 * Throws when the module is not running in a Worker.
 */
export function expose(api: object): void {
  const scope = globalThis as unknown as WorkerScope & typeof globalThis;
  const WorkerGlobalScope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  if (!WorkerGlobalScope || !(scope instanceof WorkerGlobalScope)) {
    throw new Error("@threadlab/deno/worker: expose() must run inside a Worker");
  }
  comlinkExpose(api, scope as unknown as Parameters<typeof comlinkExpose>[1]);

  // Deno tells the parent nothing when a worker ends itself; say it here so the
  // pool can fail the running call and replace the worker.
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    const code = Deno.exitCode;
    const message: ControlMessage = { [CONTROL]: "exit", ...(code ? { code } : {}) };
    scope.postMessage(message);
  };
  const close = scope.close.bind(scope);
  scope.close = () => {
    announce();
    close();
  };
  // Fired by Deno.exit() and process.exit() inside a worker (not by self.close()).
  scope.addEventListener("unload", announce);

  scope.postMessage({ [CONTROL]: "ready" } satisfies ControlMessage);
}

export { transfer } from "comlink";
