import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RuntimeSpec } from "./types.ts";

/** The Node runner is the built @threadlab/node package, run by this very Node. */
export const nodeRuntime: RuntimeSpec = {
  name: "node",
  fix: "build the workspace first: `npm run build` at the repository root",
  async probe() {
    let entry: string | undefined;
    try {
      entry = fileURLToPath(import.meta.resolve("@threadlab/node/runner"));
    } catch {
      entry = undefined;
    }
    if (!entry || !existsSync(entry)) {
      return { ok: false, name: "node", reason: `the @threadlab/node runner is not built (${this.fix})` };
    }
    return { ok: true, name: "node", version: process.versions.node, path: process.execPath, entry };
  },
  command(found, planJson) {
    return { command: found.path, args: [found.entry, planJson] };
  },
};
