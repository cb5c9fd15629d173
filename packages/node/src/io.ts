import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HttpHandler, HttpServeOptions, HttpServer, RuntimeIo } from "@threadlab/core/probe";

/** node:http answering with core's handler. Node 20 has no SO_REUSEPORT: processes share a port through node:cluster instead. */
async function serve(handler: HttpHandler, { port = 0, reusePort = false }: HttpServeOptions = {}): Promise<HttpServer> {
  if (reusePort) throw new Error("Node 20 cannot bind with SO_REUSEPORT; run several processes through node:cluster");
  const server = createServer((req, res) => {
    handler(req.url ?? "/").then(
      ({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const nodeIo: RuntimeIo = {
  serve,
  async delayServer(delayMs) {
    const server = createServer((_req, res) => {
      setTimeout(() => res.end("ok"), delayMs);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections(); // fetch keeps connections alive; do not wait for them
          server.close(() => resolve());
        }),
    };
  },
  async tempFile(bytes) {
    const dir = await mkdtemp(join(tmpdir(), "threadlab-io-"));
    const path = join(dir, "data.bin");
    await writeFile(path, new Uint8Array(bytes));
    return {
      read: async () => (await readFile(path)).length,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  },
};
