// One copy in core, shared with @threadlab/node: a node:worker_threads port (Deno's implementation) as a Web-style endpoint.
export { nodeEndpoint } from "@threadlab/core";
