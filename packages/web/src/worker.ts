import { announceSelfClose, serve, type Endpoint } from "@threadlab/core/pool";

/**
 * Call once at the top of your worker module to serve `api` to the pool.
 * Throws when the module is not running in a Web Worker.
 */
export function expose(api: object): void {
  const scope = globalThis as unknown as {
    postMessage?: unknown;
    document?: unknown;
    addEventListener(type: string, listener: (event: any) => void): void;
  };
  if (typeof scope.postMessage !== "function" || scope.document !== undefined) {
    throw new Error("@threadlab/web/worker: expose() must run inside a Web Worker");
  }
  // Node ends a thread on an unhandled rejection; a browser worker would just log it.
  // Re-throw it as an uncaught error so the pool sees a crash and replaces the worker.
  scope.addEventListener("unhandledrejection", (event: { reason: unknown; preventDefault(): void }) => {
    event.preventDefault();
    setTimeout(() => {
      throw event.reason instanceof Error ? event.reason : new Error(`unhandled rejection: ${String(event.reason)}`);
    });
  });
  serve(api, globalThis as unknown as Endpoint);
  announceSelfClose(globalThis as unknown as Endpoint);
}

export { transfer } from "@threadlab/core/pool";
