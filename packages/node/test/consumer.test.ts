import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const pkg = new URL("../", import.meta.url);

const scratch = new URL("../.readme-check/", import.meta.url);

describe("the published package", () => {
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("is importable by name through its exports (built dist), as in a user's project", async () => {
    const manifest = JSON.parse(await readFile(new URL("package.json", pkg), "utf8"));
    expect(manifest.exports["."].import).toBe("./dist/index.js");
    const script = `
      import { createPool } from "@threadlab/node";
      const pool = createPool(new URL("../test/fixtures/math.worker.mjs", import.meta.url), { size: 2 });
      const [a, b] = await Promise.all([pool.api.fib(25), pool.api.add(40, 2)]);
      await pool.close();
      console.log(JSON.stringify({ a, b }));
    `;
    // A plain node process, no vitest: it must also exit on its own once the pool is closed.
    await mkdir(scratch, { recursive: true });
    await writeFile(new URL("consumer.mjs", scratch), script);
    const { stdout } = await run(process.execPath, ["consumer.mjs"], { cwd: scratch, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ a: 75025, b: 42 });
  });

  it("runs the README example as pasted", async () => {
    const readme = await readFile(new URL("README.md", pkg), "utf8");
    // Each example file is a ```js block whose first line is `// <file name>`.
    const blocks = [...readme.matchAll(/```js\n\/\/ ([\w.-]+)\n([\s\S]*?)```/g)];
    expect(blocks.map((b) => b[1])).toEqual(["fib.worker.mjs", "main.mjs"]);
    await mkdir(scratch, { recursive: true });
    for (const [, name, body] of blocks) await writeFile(new URL(name!, scratch), `// ${name}\n${body}`);
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: scratch, timeout: 60_000 });
    expect(stdout).toContain("fib(30) = 832040");
    expect(stdout).toContain("timed out: TaskTimeoutError");
  });
});
