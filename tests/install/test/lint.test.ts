import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { PACKAGES } from "./cases.ts";

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** Exit code and everything printed; a failure's output is the test's message. */
async function lint(command: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? String(error)}` };
  }
}

describe.each(PACKAGES)("$name's tarball", ({ name, programs }) => {
  it("is clean for publint (warnings count as errors)", async () => {
    const { code, output } = await lint(bin("publint"), ["run", inject("tarballs")[name]!, "--strict"]);
    expect(code, output).toBe(0);
  });

  it("is clean for arethetypeswrong (ESM only: node16 from ESM, bundler)", async () => {
    const excluded = programs.length > 0 ? ["--exclude-entrypoints", ...programs] : [];
    const { code, output } = await lint(bin("attw"), [inject("tarballs")[name]!, "--profile", "esm-only", "--format", "table-flipped", ...excluded]);
    expect(code, output).toBe(0);
  });
});

describe("@threadlab/web as installed", () => {
  it("depends on @threadlab/core alone: no server-side package comes with a browser library", async () => {
    const manifest = JSON.parse(await readFile(join(inject("install"), "node_modules", "@threadlab", "web", "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    expect(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })).toEqual(["@threadlab/core"]);
  });
});
