import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchHandler, type HttpHandler, type HttpServeOptions, type HttpServer, type RuntimeIo } from "@threadlab/core/probe";

/** Bun.serve answering with core's handler; `reusePort` lets several Bun processes serve one port (Linux). */
function serve(handler: HttpHandler, { port = 0, reusePort = false }: HttpServeOptions = {}): Promise<HttpServer> {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    reusePort,
    fetch: fetchHandler(handler),
  });
  return Promise.resolve({
    port: server.port ?? port,
    close: async () => {
      await server.stop(true);
    },
  });
}

/** Real I/O for the asynchronous-processing scenario (Bun has no permission system: nothing to grant). */
export const bunIo: RuntimeIo = {
  serve,
  delayServer(delayMs) {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response("ok")), delayMs)),
    });
    return Promise.resolve({
      url: `http://127.0.0.1:${server.port}/`,
      // true: close keep-alive and in-flight connections too, so nothing keeps the process alive.
      close: async () => {
        await server.stop(true);
      },
    });
  },
  async tempFile(bytes) {
    const dir = await mkdtemp(join(tmpdir(), "threadlab-io-"));
    const path = join(dir, "data.bin");
    await Bun.write(path, new Uint8Array(bytes));
    return {
      read: async () => (await Bun.file(path).bytes()).length,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  },
};
