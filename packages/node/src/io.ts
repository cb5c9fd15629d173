import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RuntimeIo } from "@threadlab/core";

export const nodeIo: RuntimeIo = {
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
