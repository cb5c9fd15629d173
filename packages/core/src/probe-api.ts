/**
 * `@threadlab/core/probe`: what an adapter needs for the benchmark's half of
 * the seam, `RuntimeProbe` (runtime and machine facts, memory, real I/O),
 * and so to be a whole `RuntimeAdapter`: the types, and the two helpers the
 * adapters share. It loads none of the benchmark itself, so an adapter's
 * library entry, which exports its whole adapter, still loads little beyond
 * `@threadlab/core/pool`.
 */
export type {
  HttpHandler,
  HttpReply,
  HttpServeOptions,
  HttpServer,
  MachineInfo,
  MemorySample,
  RuntimeAdapter,
  RuntimeInfo,
  RuntimeIo,
  RuntimeName,
  RuntimeProbe,
} from "./probe/runtime-probe.ts";
export { machineFromOs, type OsModule } from "./probe/machine.ts";
export { fetchHandler } from "./probe/fetch-handler.ts";
