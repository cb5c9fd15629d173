// comlink ships this adapter without a declaration next to its ESM build.
// @ts-expect-error -- no types for the .mjs path; the shape is Endpoint below.
import nodeEndpointImpl from "comlink/dist/esm/node-adapter.mjs";
import type { MessagePort, Worker } from "node:worker_threads";
import type { Endpoint } from "@threadlab/core";

/** A worker_threads Worker or MessagePort seen as a Web-style endpoint. */
export const nodeEndpoint: (port: Worker | MessagePort) => Endpoint = nodeEndpointImpl;
