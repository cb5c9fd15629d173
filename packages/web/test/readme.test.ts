import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, chromiumPath, noChromium, pkgDir, serveStatic } from "./helpers.ts";

// Inside the package (git-ignored), so Vite finds dependencies as a user's project would.
const scratch = join(pkgDir, ".readme-check");

describe.skipIf(noChromium)("the README example", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("builds with Vite as pasted and runs in Chromium", async () => {
    const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
    // Each example file is a fenced block whose first line names it: `// name` or `<!-- name -->`.
    const blocks = [...readme.matchAll(/```(?:js|html)\n(?:\/\/ ([\w.-]+)|<!-- ([\w.-]+) -->)\n([\s\S]*?)```/g)].map(
      (m) => ({ name: (m[1] ?? m[2])!, body: m[0].split("\n").slice(1, -1).join("\n") }),
    );
    expect(blocks.map((b) => b.name)).toEqual(["math.worker.js", "main.js", "index.html", "vite.config.js"]);

    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(join(scratch, "node_modules", "@threadlab"), { recursive: true });
    // The package as installed: a link to this folder (its exports point at the built dist/).
    symlinkSync(pkgDir, join(scratch, "node_modules", "@threadlab", "web"), "dir");
    for (const { name, body } of blocks) writeFileSync(join(scratch, name), `${body}\n`);

    const { build } = await import("vite");
    await build({ root: scratch, logLevel: "silent", configFile: join(scratch, "vite.config.js") });

    const server = await serveStatic(join(scratch, "dist"));
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForFunction(() => document.querySelector("#out")?.textContent?.includes("done"), undefined, { timeout: 60_000 });
      const text = await page.textContent("#out");
      expect(text).toContain("fib(30) = 832040, fib(25) = 75025");
      expect(text).toContain("timed out: TaskTimeoutError");
      expect(text).toContain("aborted: AbortError");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
