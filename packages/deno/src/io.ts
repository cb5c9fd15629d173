import { fetchHandler, type HttpHandler, type HttpServeOptions, type HttpServer, type RuntimeIo } from "@threadlab/core/probe";

/** Deno.serve answering with core's handler; `reusePort` lets several Deno processes serve one port (Linux). */
function serve(handler: HttpHandler, { port = 0, reusePort = false }: HttpServeOptions = {}): Promise<HttpServer> {
  const server = Deno.serve({ hostname: "127.0.0.1", port, reusePort, onListen() {} }, fetchHandler(handler));
  return Promise.resolve({ port: server.addr.port, close: () => server.shutdown() });
}

/**
 * Real I/O for the asynchronous-processing scenario. Needs
 * `--allow-net=127.0.0.1` (the server and the fetches to it) and
 * `--allow-read=<tmp>`/`--allow-write=<tmp>` (the temporary file).
 */
export const denoIo: RuntimeIo = {
  serve,
  delayServer(delayMs) {
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} }, // onListen: no "Listening on" line on stdout
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response("ok")), delayMs)),
    );
    return Promise.resolve({
      url: `http://127.0.0.1:${server.addr.port}/`,
      // Stops listening, lets running requests finish, closes idle keep-alive connections.
      close: () => server.shutdown(),
    });
  },
  async tempFile(bytes) {
    const dir = await Deno.makeTempDir({ prefix: "threadlab-io-" });
    const path = `${dir}/data.bin`;
    await Deno.writeFile(path, new Uint8Array(bytes));
    return {
      read: async () => (await Deno.readFile(path)).length,
      remove: () => Deno.remove(dir, { recursive: true }),
    };
  },
};
