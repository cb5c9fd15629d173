import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { closeBrowser, findChromium, launchChromium, serveStatic } from "@threadlab/chromium";
import { describe, expect, inject, it } from "vitest";
import { readmeFiles, writeExample } from "./readme-files.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const chromium = findChromium();

/**
 * @threadlab/web's README example as its users meet it: the pasted files in a
 * project that installed the tarballs and Vite from the registry, built with
 * `vite build`, served cross-origin isolated, and run in headless Chromium.
 */
describe("the README example of packages/web/README.md, installed from the tarballs", () => {
  it.skipIf("reason" in chromium)(`builds with Vite and runs in Chromium${"reason" in chromium ? ` (skipped: ${chromium.reason})` : ""}`, async () => {
    if ("reason" in chromium) return;
    const files = readmeFiles(join(ROOT, "packages/web/README.md"));
    expect([...files.keys()].sort()).toEqual(["index.html", "main.js", "math.worker.js", "vite.config.js"]);
    const dir = join(inject("install"), "examples", "web");
    await writeExample(dir, files);
    await run(join(inject("install"), "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], { cwd: dir, timeout: 120_000 });
    // The build holds the page, its script and the user's worker: no benchmark worker or anything else of threadlab's.
    const assets = (await readdir(join(dir, "dist", "assets"))).filter((f) => !f.endsWith(".map")).map((f) => f.replace(/-[\w-]{8}\.js$/, ".js"));
    expect(assets.sort()).toEqual(["index.js", "math.worker.js"]);

    const server = await serveStatic(join(dir, "dist"));
    const browser = await launchChromium(chromium.path);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.url);
      // A string, evaluated in the page: this file is type-checked for Node, without the DOM.
      await page.waitForFunction(`document.querySelector("#out")?.textContent?.includes("done")`, undefined, { timeout: 60_000 });
      const lines = (await page.textContent("#out"))!.trim().split("\n");
      expect(lines).toEqual(["fib(30) = 832040, fib(25) = 75025", "timed out: TaskTimeoutError", "aborted: AbortError", "done"]);
      expect(errors).toEqual([]);
    } finally {
      await closeBrowser(browser);
      await server.close();
    }
  });
});
