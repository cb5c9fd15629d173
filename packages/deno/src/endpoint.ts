// comlink ships this adapter (a worker_threads port seen as a Web endpoint) without types next to its ESM build.
// @ts-expect-error -- no declaration for the .mjs path; the shape is Endpoint below.
import nodeEndpointImpl from "comlink/dist/esm/node-adapter.mjs";
import type { MessagePort, Worker } from "node:worker_threads";
import type { Endpoint } from "@threadlab/core";

/** A `node:worker_threads` Worker or MessagePort (Deno's implementation) as a Web-style endpoint. */
export const nodeEndpoint: (port: Worker | MessagePort) => Endpoint = nodeEndpointImpl;
