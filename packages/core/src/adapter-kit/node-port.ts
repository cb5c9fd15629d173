// comlink's adapter turns a worker_threads port into a Web-style endpoint. Its ESM build has no
// declaration tsc can find, while Deno reads the .d.ts beside it as CommonJS (the default import
// typed as the whole module): neither sees the function it is at run time, hence the cast.
// @ts-ignore -- tsc: no declaration for the .mjs path (Deno needs no suppression here)
import comlinkNodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { Endpoint } from "../pool/worker-host.ts";

/**
 * What a `node:worker_threads` Worker or MessagePort offers (Node's, or
 * Deno's and Bun's implementations), structurally: core imports no node: module.
 */
export interface NodePort {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(type: "message", listener: (value: unknown) => void): unknown;
  off(type: "message", listener: (value: unknown) => void): unknown;
  start?(): void;
}

/** A worker_threads Worker or MessagePort seen as a Web-style endpoint (what the pool and serve() speak). */
export const nodeEndpoint = comlinkNodeEndpoint as unknown as (port: NodePort) => Endpoint;
