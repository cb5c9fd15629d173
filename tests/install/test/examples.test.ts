import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { EXAMPLES } from "./cases.ts";
import { promisedOutput, readmeFiles, writeExample } from "./readme-files.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe.each(EXAMPLES)("the README example of $readme ($id), installed from the tarballs", (example) => {
  const runtime = example.runtime();
  const files = readmeFiles(join(ROOT, example.readme));

  it.skipIf("skip" in runtime)(`runs as pasted and exits by itself${"skip" in runtime ? ` (skipped: ${runtime.skip})` : ""}`, async () => {
    if ("skip" in runtime) return;
    expect([...files.keys()], "the README's example files").toContain(example.main);
    // Each example in its own folder of the install: imports resolve to the installed tarballs.
    const dir = join(inject("install"), "examples", example.id);
    await writeExample(dir, files);
    await example.prepare?.(dir, inject("install"));
    if (example.check) await run(runtime.path, example.check(example.main), { cwd: dir, timeout: 90_000 });
    const { stdout } = await run(runtime.path, example.args(example.main), { cwd: dir, timeout: 90_000 });
    if (example.promisesOutput) {
      const printed = stdout.trim().split("\n").map((line) => line.trim());
      expect(printed).toEqual(promisedOutput(files.get(example.main)!));
    }
  });
});
