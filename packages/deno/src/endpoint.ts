// comlink's adapter (a worker_threads port seen as a Web endpoint). Its ESM build has no declaration
// tsc can find, while Deno finds the .d.ts beside it and reads it as CommonJS (the default import
// typed as the whole module): neither sees the function it is at run time, hence the cast.
// @ts-ignore -- tsc: no declaration for the .mjs path (Deno needs no suppression here)
import nodeEndpointImpl from "comlink/dist/esm/node-adapter.mjs";
import type { MessagePort, Worker } from "node:worker_threads";
import type { Endpoint } from "@threadlab/core";

/** A `node:worker_threads` Worker or MessagePort (Deno's implementation) as a Web-style endpoint. */
export const nodeEndpoint = nodeEndpointImpl as unknown as (port: Worker | MessagePort) => Endpoint;
