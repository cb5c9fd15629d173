import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { installedVersion, versionAt, workerFile } from "../paths.ts";
import type { Contender } from "../contender.ts";
import { threadlabPool, type CreatePool, type ThreadlabLoad } from "./threadlab-pool.ts";

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
async function loadBuild(dir: string): Promise<ThreadlabLoad> {
  const { createPool } = (await import(pathToFileURL(join(dir, "dist", "index.js")).href)) as { createPool: CreatePool };
  const folder = await mkdtemp(join(tmpdir(), "threadlab-pools-"));
  const file = join(folder, "threadlab.worker.mjs");
  const expose = pathToFileURL(join(dir, "dist", "worker.js")).href;
  const tasks = pathToFileURL(workerFile("tasks.mjs")).href;
  await writeFile(file, `import { expose } from ${JSON.stringify(expose)};\nimport { add, spin } from ${JSON.stringify(tasks)};\nexpose({ add, spin });\n`);
  return { createPool, url: pathToFileURL(file), cleanup: () => rm(folder, { recursive: true, force: true }) };
}

/** threadlab in Node: the workspace's @threadlab/node, or a build from --threadlab-from. */
export function threadlab(build: ThreadlabBuild): Contender {
  const dir = build.dir;
  if (dir) return threadlabPool(versionAt(dir), () => loadBuild(dir), build.name);
  return threadlabPool(
    installedVersion("@threadlab/node"),
    async () => ({
      createPool: ((await import("@threadlab/node")) as unknown as { createPool: CreatePool }).createPool,
      url: pathToFileURL(workerFile("threadlab.worker.mjs")),
    }),
    build.name,
  );
}
