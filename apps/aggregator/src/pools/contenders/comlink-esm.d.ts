// comlink 4.4.2 types these files as .d.ts beside the .mjs, which TypeScript does not pair up;
// declared here with just what comlink-rr uses.
declare module "comlink/dist/esm/comlink.mjs" {
  export function wrap(endpoint: unknown): unknown;
}
declare module "comlink/dist/esm/node-adapter.mjs" {
  export default function nodeEndpoint(port: import("node:worker_threads").Worker): unknown;
}
