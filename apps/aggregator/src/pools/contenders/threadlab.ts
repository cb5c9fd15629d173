import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Contender, Method } from "../contender.ts";
import { installedVersion, versionAt, workerFile } from "../paths.ts";

/** Just the part of @threadlab/node's Pool the race uses, so an older or newer build still fits. */
interface ThreadlabPool {
  api: Record<Method, (a: number, b: number) => Promise<number>>;
  ready?: () => Promise<void>;
  close(): Promise<void>;
}
type CreatePool = (url: URL | string, options: { size: number }) => ThreadlabPool;

/** Where a threadlab build comes from: the workspace's package, or a built package folder (`--threadlab-from`). */
export interface ThreadlabBuild {
  /** "threadlab" for the workspace, "threadlab@<label>" for a folder. */
  name: string;
  /** A folder holding dist/index.js and dist/worker.js; undefined for the workspace's own package. */
  dir?: string;
}

/**
 * The worker for a build in another folder must load that build's
 * dist/worker.js, not the workspace's: written to a temp folder so it imports
 * both files by absolute URL and works whatever createPool accepts.
 */
async function workerForBuild(dir: string): Promise<{ url: URL; cleanup: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), "threadlab-pools-"));
  const file = join(folder, "threadlab.worker.mjs");
  const expose = pathToFileURL(join(dir, "dist", "worker.js")).href;
  const tasks = pathToFileURL(workerFile("tasks.mjs")).href;
  await writeFile(file, `import { expose } from ${JSON.stringify(expose)};\nimport { add, spin } from ${JSON.stringify(tasks)};\nexpose({ add, spin });\n`);
  return { url: pathToFileURL(file), cleanup: () => rm(folder, { recursive: true, force: true }) };
}

export function threadlab(build: ThreadlabBuild): Contender {
  let pool: ThreadlabPool | undefined;
  let cleanup = async () => {};
  return {
    name: build.name,
    version: build.dir ? versionAt(build.dir) : installedVersion("@threadlab/node"),
    async start(threads) {
      let createPool: CreatePool;
      let url: URL;
      if (build.dir) {
        ({ createPool } = (await import(pathToFileURL(join(build.dir, "dist", "index.js")).href)) as { createPool: CreatePool });
        const worker = await workerForBuild(build.dir);
        url = worker.url;
        cleanup = worker.cleanup;
      } else {
        ({ createPool } = (await import("@threadlab/node")) as unknown as { createPool: CreatePool });
        url = pathToFileURL(workerFile("threadlab.worker.mjs"));
      }
      pool = createPool(url, { size: threads });
      // ready() surfaces a worker that cannot start now, rather than as a failed first call.
      await pool.ready?.();
    },
    call: (method, a, b) => pool!.api[method](a, b),
    async close() {
      try {
        await pool?.close();
      } finally {
        await cleanup();
      }
    },
  };
}
