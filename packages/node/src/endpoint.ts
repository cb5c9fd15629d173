// One copy in core, shared with @threadlab/deno: a worker_threads port as a Web-style endpoint.
export { nodeEndpoint } from "@threadlab/core";
